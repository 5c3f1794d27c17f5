using System.Text;
using FrozenLm.Data.Sqa3d;

namespace FrozenLm.Tests.Sqa3d;

public sealed class Sqa3dReaderTests
{
    /// <summary>The fixture scenes' vertices, normalised by hand: minus the bounding-box centre (0.5, 1, -0.5), scale 1; colours / 255.</summary>
    private static readonly float[] Expected =
    [
        -0.5f, -1f, 0.5f, 1f, 0f, 0f,
        0.5f, -1f, 0.5f, 0f, 1f, 0f,
        -0.5f, 1f, 0.5f, 0f, 0f, 1f,
        -0.5f, -1f, -0.5f, 0.2f, 0.4f, 0.8f,
    ];

    private static string Scene(string name) => TestPaths.Fixture("sqa3d", "scenes", name);

    [Theory]
    [InlineData("scene0000_00.ply")]
    [InlineData("scene0001_00.ply")]
    [InlineData("scene0002_00.npy")]
    public void Given_the_fixture_scene_in_each_layout_When_read_Then_points_and_colours_are_the_normalised_vertices(string file)
    {
        var (scene, scale) = ScenePointFiles.Read(Scene(file), "s");
        Assert.Equal(1.0, scale, 12);
        Assert.Equal(4, scene.Count);
        for (var i = 0; i < Expected.Length; i++)
            Assert.Equal(Expected[i], scene.Values[i], 6);
    }

    [Fact]
    public void Given_a_float32_xyz_npy_When_read_Then_the_points_are_grey()
    {
        var values = NpyPointReader.Read(TestPaths.Fixture("sqa3d", "xyz_float32.npy"));
        Assert.Equal(24, values.Length);
        Assert.Equal([0f, 2f, 0f, 0.5f, 0.5f, 0.5f], values[12..18]);
    }

    [Fact]
    public void Given_the_sqa3d_folder_When_opened_Then_questions_answers_families_and_poses_follow_the_json()
    {
        var data = Sqa3dFolder.Open(TestPaths.Fixture("sqa3d"));
        Assert.Equal("sqa3d", data.Format);
        Assert.Equal(3, data.Train.Samples.Count);
        Assert.Single(data.Eval.Samples);
        Assert.Equal(["scene0000_00", "scene0001_00"], data.Train.Scenes.Keys.Order());
        var first = data.Train.Samples[0];
        Assert.Equal(("scene0000_00", "I am facing the door.", "What is on my left?", "chair", "what"),
            (first.SceneId, first.Situation, first.Question, first.Answer, first.Family));
        Assert.Equal(0.5, first.Pose.X, 12);
        Assert.Equal(-0.5, first.Pose.Y, 12);
        Assert.Equal(Math.PI / 2, first.Pose.Yaw, 9);
        Assert.Equal("2", data.Train.Samples[1].Answer);
        Assert.Equal("how", data.Train.Samples[1].Family);
        Assert.Equal(0, data.Train.Samples[1].Pose.Yaw, 12);
        Assert.Equal(Math.PI, Math.Abs(data.Train.Samples[2].Pose.Yaw), 9);
        Assert.Equal("can", data.Train.Samples[2].Family);
        Assert.Equal(-Math.PI / 2, data.Eval.Samples[0].Pose.Yaw, 9);
        Assert.Equal("which", data.Eval.Samples[0].Family);
    }

    [Theory]
    [InlineData(0, 0, 0, 1, 0)]
    [InlineData(0, 0, 1, 0, 180)]
    [InlineData(0, 0, 0.25881904510252074, 0.9659258262890683, 30)]
    public void Given_a_rotation_quaternion_about_z_When_converted_Then_the_yaw_is_its_angle(double x, double y, double z, double w, double degrees) =>
        Assert.Equal(degrees, Math.Abs(AgentPose.YawOf(x, y, z, w) * 180 / Math.PI), 9);

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "bad.ply", Encoding.ASCII.GetBytes("plx\nformat ascii 1.0\nend_header\n"), "not a PLY file" },
        { "bad.ply", Encoding.ASCII.GetBytes("ply\nformat binary_big_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n\0\0\0\0"), "binary_big_endian" },
        { "bad.ply", Encoding.ASCII.GetBytes("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n"), "truncated" },
        { "bad.ply", Encoding.ASCII.GetBytes("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n"), "x, y, z" },
        { "bad.ply", Encoding.ASCII.GetBytes("ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n\0\0\0\0"), "truncated" },
        { "bad.ply", Encoding.ASCII.GetBytes("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 1e999 3\n"), "non-finite" },
        { "bad.npy", Encoding.ASCII.GetBytes("NUMPY not really"), "not a .npy file" },
        { "bad.npy", Npy("<f4", "(2, 4)", 2 * 4 * 4), "3 (xyz) or 6" },
        { "bad.npy", Npy(">f4", "(2, 3)", 2 * 3 * 4), "dtype '>f4'" },
        { "bad.npy", Npy("<f4", "(2, 3)", 10), "needs 24 data bytes" },
        { "bad.npy", Npy("<f8", "(1, 3)", 24, fortran: true), "Fortran" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Given_a_corrupt_scene_file_When_read_Then_one_user_error_names_the_file(string name, byte[] bytes, string problem)
    {
        var path = Path.Combine(TestPaths.NewTempDir("sqa3d-bad"), name);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<UserInputException>(() => ScenePointFiles.Read(path, "s"));
        Assert.Equal(path, e.Subject);
        Assert.Contains(problem, e.Problem);
        Assert.DoesNotContain('\n', e.Problem);
    }

    [Theory]
    [InlineData("{\"questions\": [", "malformed JSON")]
    [InlineData("{\"q\": []}", "no 'questions' array")]
    [InlineData("{\"questions\": [{\"question_id\": 1, \"scene_id\": \"scene0000_00\", \"question\": \"q?\"}]}", "no 'situation' text")]
    [InlineData("{\"questions\": [{\"question_id\": 9, \"scene_id\": \"scene0000_00\", \"situation\": \"s\", \"question\": \"q?\"}]}", "has no annotation")]
    [InlineData("{\"questions\": [{\"question_id\": 1, \"scene_id\": \"../x\", \"situation\": \"s\", \"question\": \"q?\"}]}", "not a plain name")]
    public void Given_a_bad_questions_file_When_the_folder_is_opened_Then_one_user_error_names_the_file(string json, string problem)
    {
        var dir = CopyFixture();
        var path = Path.Combine(dir, "balanced", "v1_balanced_questions_train_scannetv2.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<UserInputException>(() => Sqa3dFolder.Open(dir));
        Assert.Contains(problem, e.Problem);
        Assert.EndsWith(problem == "has no annotation" ? "annotations_train_scannetv2.json" : "questions_train_scannetv2.json", e.Subject);
    }

    [Theory]
    [InlineData("\"rotation\": {\"_x\": 0, \"_y\": 0, \"_z\": 0}", "'_w' is not a finite number")]
    [InlineData("\"answers\": []", "no 'answers' array")]
    public void Given_a_bad_annotation_When_the_folder_is_opened_Then_one_user_error_names_the_annotations_file(string replacement, string problem)
    {
        var dir = CopyFixture();
        var path = Path.Combine(dir, "balanced", "v1_balanced_sqa_annotations_train_scannetv2.json");
        var text = File.ReadAllText(path);
        var key = replacement.Split(':')[0];
        var start = text.IndexOf(key, StringComparison.Ordinal);
        var end = key == "\"rotation\"" ? text.IndexOf('}', start) + 1 : text.IndexOf(']', start) + 1;
        File.WriteAllText(path, text[..start] + replacement + text[end..]);
        var e = Assert.Throws<UserInputException>(() => Sqa3dFolder.Open(dir));
        Assert.Equal(path, e.Subject);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Given_a_question_whose_scene_file_is_missing_When_opened_Then_the_error_names_the_folder_and_scene()
    {
        var dir = CopyFixture();
        File.Delete(Path.Combine(dir, "scenes", "scene0001_00.ply"));
        var e = Assert.Throws<UserInputException>(() => Sqa3dFolder.Open(dir));
        Assert.Equal(dir, e.Subject);
        Assert.Contains("scene0001_00", e.Problem);
    }

    [Fact]
    public void Given_a_scannet_scans_layout_When_opened_Then_the_vh_clean_2_ply_is_read()
    {
        var dir = CopyFixture();
        var scans = Path.Combine(dir, "scans", "scene0001_00");
        Directory.CreateDirectory(scans);
        File.Move(Path.Combine(dir, "scenes", "scene0001_00.ply"), Path.Combine(scans, "scene0001_00_vh_clean_2.ply"));
        Assert.Equal(4, Sqa3dFolder.Open(dir).Train.Scenes["scene0001_00"].Count);
    }

    /// <summary>A copy of the fixture folder to change.</summary>
    public static string CopyFixture()
    {
        var source = TestPaths.Fixture("sqa3d");
        var dir = TestPaths.NewTempDir("sqa3d-folder");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }

    private static byte[] Npy(string descr, string shape, int dataBytes, bool fortran = false)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        header = header.PadRight(118) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)header.Length, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(new byte[dataBytes]);
        return [.. bytes];
    }
}
