using System.Diagnostics;
using FrozenLm.Runtime;

namespace FrozenLm.Tests.Runtime;

public sealed class PhaseClockTests
{
    private static void Spin(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
        }
    }

    [Fact]
    public void Given_nested_phases_When_measured_Then_the_outer_phase_excludes_the_inner_and_the_sum_is_the_elapsed_time()
    {
        var clock = new PhaseClock();
        var wall = Stopwatch.StartNew();
        using (clock.Measure("outer"))
        {
            Spin(TimeSpan.FromMilliseconds(30));
            using (clock.Measure("inner"))
                Spin(TimeSpan.FromMilliseconds(60));
            using (clock.Measure("inner"))
                Spin(TimeSpan.FromMilliseconds(60));
        }
        var elapsed = wall.Elapsed.TotalSeconds;

        var inner = clock.Totals["inner"];
        var outer = clock.Totals["outer"];
        Assert.InRange(inner.WallSeconds, 0.12, elapsed);
        Assert.InRange(outer.WallSeconds, 0.03, elapsed - 0.12);
        Assert.InRange(inner.WallSeconds + outer.WallSeconds, elapsed - 0.005, elapsed);
        Assert.True(inner.CpuSeconds > 0, "spinning uses CPU time");
    }

    [Fact]
    public void Given_an_installed_clock_When_items_are_produced_through_Timed_Then_production_counts_as_the_phase_and_items_pass_through()
    {
        var clock = new PhaseClock();
        IEnumerable<int> Slow()
        {
            for (var i = 0; i < 3; i++)
            {
                Spin(TimeSpan.FromMilliseconds(20));
                yield return i;
            }
        }

        List<int> items;
        using (clock.Install())
        {
            items = [];
            foreach (var item in PhaseClock.Timed(Slow(), "data"))
                using (PhaseClock.Enter("work"))
                    items.Add(item);
        }

        Assert.Equal([0, 1, 2], items);
        Assert.InRange(clock.Totals["data"].WallSeconds, 0.06, 10);
        Assert.InRange(clock.Totals["work"].WallSeconds, 0, 0.05);
        Assert.Null(PhaseClock.Current);
        Assert.Null(PhaseClock.Enter("nothing"));
    }
}
