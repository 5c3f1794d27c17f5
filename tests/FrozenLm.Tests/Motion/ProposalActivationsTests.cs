using FrozenLm.Data.Motion;
using FrozenLm.Tasks.Motion;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Motion;

public sealed class ProposalActivationsTests
{
    private static VectorizedScene EndingAt(float x, float y)
    {
        var future = new float[60];
        future[^2] = x;
        future[^1] = y;
        return new VectorizedScene("s", default(AgentFrame), [], [], [], [], new float[40], future, HasFuture: true);
    }

    [Fact]
    public void Given_region_centres_When_a_future_ends_near_one_Then_that_regions_proposals_are_relevant()
    {
        // Centres in feature units (metres / 10): (3, 0) = 30 m ahead, (1, 1) = 10 m ahead and 10 m left, (0, 0).
        float[] centres = [3, 0, 1, 1, 0, 0];
        Assert.Equal([false, false, true, true, false, false], ProposalActivations.Relevant(EndingAt(12, 8), centres, perRegion: 2));
        Assert.Equal([true, false, false], ProposalActivations.Relevant(EndingAt(25, -1), centres, perRegion: 1));
        Assert.Equal([false, false, false, false, true, true], ProposalActivations.Relevant(EndingAt(2, -3), centres, perRegion: 2));
    }

    [Fact]
    public void Given_proposal_tokens_When_scored_Then_each_is_its_distance_from_the_mean_token_min_max_scaled()
    {
        // Row 0: tokens (0,0), (3,4), (0,0) -> mean (1, 4/3); distances sqrt(1+16/9)=1.667, sqrt(4+64/9)=3.333, 1.667 -> 0, 1, 0.
        // Row 1: tokens (1,0), (1,0), (1,0) -> all at the mean -> 0.
        using var tokens = tensor(new float[] { 0, 0, 3, 4, 0, 0, 1, 0, 1, 0, 1, 0 }, [2, 3, 2]);
        var maps = ProposalActivations.Magnitude(tokens);
        Assert.Equal([0.0, 1.0, 0.0], maps[0]);
        Assert.Equal([0.0, 0.0, 0.0], maps[1]);
    }
}
