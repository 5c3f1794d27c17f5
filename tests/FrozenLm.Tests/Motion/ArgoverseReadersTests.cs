using System.Text;
using FrozenLm.Data.Motion;

namespace FrozenLm.Tests.Motion;

public sealed class ArgoverseReadersTests
{
    private static readonly string MapFolder = TestPaths.Fixture("motion", "map");

    [Fact]
    public void Given_a_train_scene_in_the_Argoverse_layout_When_read_Then_the_agent_has_history_and_future_and_others_are_matched()
    {
        var path = TestPaths.Fixture("motion", "scene_1.csv");
        var scene = ArgoverseCsvReader.Read(path);
        Assert.Equal("scene_1", scene.Id);
        Assert.Equal("PIT", scene.City);
        Assert.True(scene.HasFuture);
        Assert.Equal(4, scene.Tracks.Count);
        Assert.Equal(MotionObjectType.Agent, scene.Tracks[0].Type);
        var agent = scene.Agent;
        Assert.Equal(MotionTiming.TotalSteps, agent.Steps);
        Assert.Equal(2560 + 0.8 * 49 * Math.Cos(Math.PI / 6), agent.X[49], 1e-9);
        var late = scene.Tracks.Single(t => t.Id.EndsWith("15037", StringComparison.Ordinal));
        Assert.Equal(10, late.Observed.TakeWhile(o => !o).Count());
        Assert.Equal(40, late.Observed.Count(o => o));
        Assert.Equal(Math.PI / 6, scene.Frame.Heading, 1e-9);
    }

    [Fact]
    public void Given_a_test_split_scene_of_20_steps_When_read_Then_it_has_no_future()
    {
        var scene = ArgoverseCsvReader.Read(TestPaths.Fixture("motion", "scene_test.csv"));
        Assert.False(scene.HasFuture);
        Assert.Equal(MotionTiming.HistorySteps, scene.Agent.Steps);
        var vectorized = SceneVectorizer.Vectorize(scene, new VectorizerOptions());
        Assert.False(vectorized.HasFuture);
        Assert.Equal(0f, vectorized.History[^2], 4);
        Assert.Equal(0f, vectorized.History[^1], 4);
    }

    [Fact]
    public void Given_the_city_vector_map_When_read_Then_lanes_have_their_centrelines_and_tags()
    {
        var lanes = ArgoverseMapReader.Read(Path.Combine(MapFolder, "pruned_argoverse_PIT_10314_vector_map.xml"));
        Assert.Equal(4, lanes.Count);
        Assert.Equal("9604855", lanes[1].Id);
        Assert.Equal(LaneTurn.Left, lanes[1].Turn);
        Assert.True(lanes[1].IsIntersection);
        Assert.True(lanes[1].HasTrafficControl);
        Assert.Equal(LaneTurn.Right, lanes[2].Turn);
        Assert.Equal(10, lanes[0].Count);
        Assert.Equal(2600.0, lanes[1].X[0], 6);
        Assert.Equal(2645.0, lanes[1].X[9], 6);
    }

    [Fact]
    public void Given_maps_When_a_scene_is_read_with_them_Then_only_lanes_within_the_radius_are_attached()
    {
        var maps = new VectorMapSet(MapFolder);
        var scene = MotionDataSources.ReadScene(TestPaths.Fixture("motion", "scene_1.csv"), maps, laneRadius: 30);
        Assert.Equal(["9604854", "9604856"], scene.Lanes.Select(l => l.Id).Order().ToArray());
        var vectorized = SceneVectorizer.Vectorize(scene, new VectorizerOptions { LaneRadius = 30 });
        Assert.Contains(vectorized.Polylines, p => p.Kind == PolylineKind.Lane);
        var lane = vectorized.Polylines.First(p => p.Kind == PolylineKind.Lane).Points;
        Assert.True(Math.Abs(lane[1]) < 3, "the lane the agent drives along lies on its frame's x axis");
    }

    [Fact]
    public void Given_a_city_without_a_map_When_looked_up_Then_the_error_names_the_scene()
    {
        var maps = new VectorMapSet(MapFolder);
        var e = Assert.Throws<UserInputException>(() => maps.For("MIA", "scene.csv"));
        Assert.Equal("scene.csv", e.Subject);
        Assert.Contains("MIA", e.Problem);
    }

    public static TheoryData<string, string> BadScenes => new()
    {
        { "TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,CITY_NAME\n1,a,AGENT,1,PIT\n", "missing column Y" },
        { "TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,Y,CITY_NAME\n1,a,AGENT,1,abc,PIT\n", "line 2: Y 'abc' is not a number" },
        { "TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,Y,CITY_NAME\n1,a,AV,1,2,PIT\n", "no AGENT track" },
        { "TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,Y,CITY_NAME\n" + string.Concat(Enumerable.Range(0, 19).Select(k => $"{k * 0.1},a,AGENT,{k},0,PIT\n")),
            "the AGENT has 19 observed steps, fewer than the 20 history steps" },
        { "TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,Y,CITY_NAME\n1,a,CAR,1,2,PIT\n", "line 2: OBJECT_TYPE 'CAR' is not one of AGENT, AV, OTHERS" },
        { "", "empty file" },
    };

    [Theory]
    [MemberData(nameof(BadScenes))]
    public void Given_a_bad_scene_file_When_read_Then_one_user_error_names_the_file(string content, string problem)
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-scene"), "bad.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<UserInputException>(() => ArgoverseCsvReader.Read(path));
        Assert.Equal(path, e.Subject);
        Assert.StartsWith(problem, e.Problem);
    }

    public static TheoryData<string, string> BadMaps => new()
    {
        { "<osm version=\"0.6\"><node id=\"1\" lat=\"1\" lon=\"2\"/></osm>", "not an Argoverse vector map (root element 'osm'" },
        { "<ArgoverseVectorMap><node id=\"0\" x=\"1\" y=\"2\"", "not valid XML" },
        { "<ArgoverseVectorMap><node id=\"0\" x=\"1\" y=\"z\" /></ArgoverseVectorMap>", "line 1: node y 'z' is not a number" },
        { "<ArgoverseVectorMap><way lane_id=\"7\"><nd ref=\"3\" /></way></ArgoverseVectorMap>", "lane 7 refers to node 3" },
        { "<ArgoverseVectorMap></ArgoverseVectorMap>", "the vector map has no lanes" },
        { "lane_id,x,y\n1,2,3\n", "not valid XML" },
    };

    [Theory]
    [MemberData(nameof(BadMaps))]
    public void Given_a_file_that_is_not_a_vector_map_When_read_Then_one_user_error_names_the_file(string content, string problem)
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-map"), "pruned_argoverse_PIT_1_vector_map.xml");
        File.WriteAllText(path, content, Encoding.UTF8);
        var e = Assert.Throws<UserInputException>(() => ArgoverseMapReader.Read(path));
        Assert.Equal(path, e.Subject);
        Assert.StartsWith(problem, e.Problem);
    }
}
