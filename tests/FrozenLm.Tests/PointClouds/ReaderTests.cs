using FrozenLm.Data.PointClouds;

namespace FrozenLm.Tests.PointClouds;

public sealed class ReaderTests
{
    [Fact]
    public void GivenModelNetH5Folder_WhenRead_ThenKnownPointsLabelsAndNamesComeBack()
    {
        var dir = TestPaths.NewTempDir("modelnet-h5");
        PointCloudFiles.WriteH5(Path.Combine(dir, "ply_data_train0.h5"), PointCloudFiles.KnownData(3, 5, 3), 3, 5, 3, [2, 0, 1]);
        PointCloudFiles.WriteH5(Path.Combine(dir, "ply_data_train1.h5"), PointCloudFiles.KnownData(1, 5, 3), 1, 5, 3, [1]);
        PointCloudFiles.WriteH5(Path.Combine(dir, "ply_data_test0.h5"), PointCloudFiles.KnownData(2, 5, 3), 2, 5, 3, [0, 2]);
        File.WriteAllLines(Path.Combine(dir, "train_files.txt"),
            ["data/modelnet40_ply_hdf5_2048/ply_data_train0.h5", "data/modelnet40_ply_hdf5_2048/ply_data_train1.h5"]);
        File.WriteAllLines(Path.Combine(dir, "test_files.txt"), ["data/modelnet40_ply_hdf5_2048/ply_data_test0.h5"]);
        File.WriteAllLines(Path.Combine(dir, "shape_names.txt"), ["airplane", "bathtub", "bed"]);

        var splits = PointCloudSources.Open(dir, new ShapesOptions());

        Assert.Equal("modelnet40-h5", splits.Format);
        Assert.Equal(4, splits.Train.Count);
        Assert.Equal(2, splits.Test.Count);
        Assert.Equal(["airplane", "bathtub", "bed"], splits.Train.ClassNames);
        Assert.Equal([2, 0, 1, 1], Enumerable.Range(0, 4).Select(splits.Train.GetLabel));
        var cloud = splits.Train.GetPoints(1).ToArray();
        Assert.Equal(15, cloud.Length);
        Assert.Equal([1.04f, -0.04f, 0.5f], cloud[12..15]);
        Assert.Equal([0f, 0f, 0f], splits.Train.GetPoints(3).ToArray()[..3]);
    }

    [Fact]
    public void GivenScanObjectNNFolders_WhenReadingEachVariant_ThenTheMatchingFilesAreUsedAndExtraChannelsDropped()
    {
        var root = TestPaths.NewTempDir("scanobjectnn");
        var bg = Directory.CreateDirectory(Path.Combine(root, "main_split")).FullName;
        var nobg = Directory.CreateDirectory(Path.Combine(root, "main_split_nobg")).FullName;
        PointCloudFiles.WriteH5(Path.Combine(bg, "training_objectdataset.h5"), PointCloudFiles.KnownData(2, 4, 3), 2, 4, 3, [14, 3], labelAsInt64: true);
        PointCloudFiles.WriteH5(Path.Combine(bg, "test_objectdataset.h5"), PointCloudFiles.KnownData(1, 4, 3), 1, 4, 3, [5], labelAsInt64: true);
        PointCloudFiles.WriteH5(Path.Combine(bg, "training_objectdataset_augmentedrot_scale75.h5"), PointCloudFiles.KnownData(3, 4, 6), 3, 4, 6, [1, 2, 3], labelAsInt64: true);
        PointCloudFiles.WriteH5(Path.Combine(bg, "test_objectdataset_augmentedrot_scale75.h5"), PointCloudFiles.KnownData(1, 4, 3), 1, 4, 3, [0], labelAsInt64: true);
        PointCloudFiles.WriteH5(Path.Combine(nobg, "training_objectdataset.h5"), PointCloudFiles.KnownData(4, 4, 3), 4, 4, 3, [7, 7, 7, 7], labelAsInt64: true);
        PointCloudFiles.WriteH5(Path.Combine(nobg, "test_objectdataset.h5"), PointCloudFiles.KnownData(1, 4, 3), 1, 4, 3, [8], labelAsInt64: true);

        var objBg = PointCloudSources.Open(root, new ShapesOptions(), "obj-bg");
        var pb = PointCloudSources.Open(root, new ShapesOptions(), "PB-T50-RS");
        var objOnly = PointCloudSources.Open(root, new ShapesOptions(), "obj-only");

        Assert.Equal([14, 3], Enumerable.Range(0, objBg.Train.Count).Select(objBg.Train.GetLabel));
        Assert.Equal("toilet", objBg.Train.ClassNames[14]);
        Assert.Equal(3, pb.Train.Count);
        Assert.Equal(12, pb.Train.GetPoints(2).Length);
        Assert.Equal([2.03f, -0.03f, 1f], pb.Train.GetPoints(2).ToArray()[9..12]);
        Assert.Equal(4, objOnly.Train.Count);
        Assert.Equal("scanobjectnn-obj-only", objOnly.Format);
        Assert.Equal("--variant", Assert.Throws<UserInputException>(() => PointCloudSources.Open(root, new ShapesOptions(), "t25")).Subject);
    }

    [Fact]
    public void GivenAnH5FileWithoutLabels_WhenRead_ThenTheErrorNamesTheFileAndLayout()
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-h5"), "nolabel.h5");
        PointCloudFiles.WriteH5(path, PointCloudFiles.KnownData(2, 4, 3), 2, 4, 3, labels: null);

        var e = Assert.Throws<UserInputException>(() => H5PointCloudFile.Read(path));

        Assert.Equal(path, e.Subject);
        Assert.Contains("wrong HDF5 layout", e.Problem);
    }

    [Fact]
    public void GivenAnH5FileWithTwoDimensionalData_WhenRead_ThenTheShapeIsReported()
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-h5"), "flat.h5");
        new PureHDF.H5File
        {
            ["data"] = new PureHDF.H5Dataset(new float[12], fileDims: [4UL, 3UL]),
            ["label"] = new PureHDF.H5Dataset(new byte[4], fileDims: [4UL]),
        }.Write(path);

        var e = Assert.Throws<UserInputException>(() => H5PointCloudFile.Read(path));

        Assert.Equal(path, e.Subject);
        Assert.Contains("[n, points, 3], got [4, 3]", e.Problem);
    }

    [Fact]
    public void GivenNaNPointsOrAnEmptyCloudOrNotHdf5_WhenRead_ThenOneLineErrorsNameTheFile()
    {
        var dir = TestPaths.NewTempDir("bad-h5");
        var nanPath = Path.Combine(dir, "nan.h5");
        var data = PointCloudFiles.KnownData(2, 4, 3);
        data[3 * 4 + 5] = float.NaN;
        PointCloudFiles.WriteH5(nanPath, data, 2, 4, 3, [0, 1]);
        var emptyPath = Path.Combine(dir, "empty.h5");
        PointCloudFiles.WriteH5(emptyPath, [], 1, 0, 3, [0]);
        var textPath = Path.Combine(dir, "text.h5");
        File.WriteAllText(textPath, "this is not hdf5");

        var nan = Assert.Throws<UserInputException>(() => H5PointCloudFile.Read(nanPath));
        var empty = Assert.Throws<UserInputException>(() => H5PointCloudFile.Read(emptyPath));
        var text = Assert.Throws<UserInputException>(() => H5PointCloudFile.Read(textPath));

        Assert.Equal(nanPath, nan.Subject);
        Assert.Contains("sample 1 has a non-finite coordinate", nan.Problem);
        Assert.Equal(emptyPath, empty.Subject);
        Assert.Contains("empty point cloud", empty.Problem);
        Assert.Equal(textPath, text.Subject);
        Assert.DoesNotContain('\n', text.Message);
    }

    [Fact]
    public void GivenClassFoldersOfTextAndOffFiles_WhenRead_ThenCloudsAreNormalisedAndLabelledByFolder()
    {
        var dir = TestPaths.NewTempDir("folder");
        Directory.CreateDirectory(Path.Combine(dir, "box", "train"));
        Directory.CreateDirectory(Path.Combine(dir, "box", "test"));
        Directory.CreateDirectory(Path.Combine(dir, "line", "train"));
        Directory.CreateDirectory(Path.Combine(dir, "line", "test"));
        File.Copy(TestPaths.Fixture("pointcloud", "cube.off"), Path.Combine(dir, "box", "train", "cube.off"));
        File.Copy(TestPaths.Fixture("pointcloud", "cube.off"), Path.Combine(dir, "box", "test", "cube.off"));
        File.WriteAllText(Path.Combine(dir, "line", "train", "a.txt"), "0,0,0,0,0,1\n2,0,0,0,0,1\n\n4,0,0,0,0,1\n");
        File.WriteAllText(Path.Combine(dir, "line", "test", "b.xyz"), "# comment\n0 0 0\n0 0 2\n");
        File.WriteAllText(Path.Combine(dir, "line", "test", "ignored.png"), "x");

        var splits = PointCloudSources.Open(dir, new ShapesOptions(), meshSamples: 100, seed: 3);

        Assert.Equal(["box", "line"], splits.Train.ClassNames);
        Assert.Equal(2, splits.Train.Count);
        Assert.Equal(2, splits.Test.Count);
        Assert.Equal([0, 1], Enumerable.Range(0, 2).Select(splits.Train.GetLabel));
        Assert.Equal([-1f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f], splits.Train.GetPoints(1).ToArray());
        var cube = splits.Train.GetPoints(0).ToArray();
        Assert.Equal(300, cube.Length);
        // Cube surface samples after the affine normalisation: every point has one coordinate exactly at the
        // bounding box's minimum or maximum on that axis (it lies on a face).
        var min = Enumerable.Range(0, 3).Select(d => Enumerable.Range(0, 100).Min(i => cube[3 * i + d])).ToArray();
        var max = Enumerable.Range(0, 3).Select(d => Enumerable.Range(0, 100).Max(i => cube[3 * i + d])).ToArray();
        for (var i = 0; i < 100; i++)
            Assert.Contains(Enumerable.Range(0, 3), d => Math.Min(Math.Abs(cube[3 * i + d] - min[d]), Math.Abs(cube[3 * i + d] - max[d])) < 1e-4f);
        Assert.Equal(cube, splits.Test.GetPoints(0).ToArray());
    }

    [Fact]
    public void GivenTrainFirstLayout_WhenRead_ThenClassesComeFromTheSplitFolders()
    {
        var dir = TestPaths.NewTempDir("folder2");
        foreach (var split in new[] { "train", "test" })
            foreach (var cls in new[] { "a", "b" })
            {
                Directory.CreateDirectory(Path.Combine(dir, split, cls));
                File.WriteAllText(Path.Combine(dir, split, cls, "p.xyz"), "1 2 3\n4 5 6\n");
            }

        var splits = PointCloudSources.Open(dir, new ShapesOptions());

        Assert.Equal(["a", "b"], splits.Test.ClassNames);
        Assert.Equal([0, 1], Enumerable.Range(0, 2).Select(splits.Test.GetLabel));
    }

    [Fact]
    public void GivenBrokenTextAndOffFiles_WhenRead_ThenErrorsNameTheFileAndTheProblem()
    {
        var dir = TestPaths.NewTempDir("bad-text");
        var empty = Path.Combine(dir, "empty.txt");
        File.WriteAllText(empty, "\n# nothing\n");
        var nan = Path.Combine(dir, "nan.xyz");
        File.WriteAllText(nan, "0 0 0\nNaN 1 2\n");
        var shortLine = Path.Combine(dir, "short.txt");
        File.WriteAllText(shortLine, "1,2\n");
        var badOff = Path.Combine(dir, "bad.off");
        File.WriteAllText(badOff, "OFF\n4 1 0\n0 0 0\n1 0 0\n");
        var badIndex = Path.Combine(dir, "index.off");
        File.WriteAllText(badIndex, "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 9\n");

        Assert.Contains("empty point cloud", Assert.Throws<UserInputException>(() => TextPointCloudReader.Read(empty)).Problem);
        Assert.Contains("non-finite", Assert.Throws<UserInputException>(() => TextPointCloudReader.Read(nan)).Problem);
        Assert.Contains("line 1 has 2 values", Assert.Throws<UserInputException>(() => TextPointCloudReader.Read(shortLine)).Problem);
        var off = Assert.Throws<UserInputException>(() => OffMeshReader.Read(badOff));
        Assert.Equal(badOff, off.Subject);
        Assert.Contains("truncated", off.Problem);
        Assert.Contains("vertex 9 of 3", Assert.Throws<UserInputException>(() => OffMeshReader.Read(badIndex)).Problem);
        Assert.Contains("not found", Assert.Throws<UserInputException>(() => PointCloudSources.Open(Path.Combine(dir, "missing"), new ShapesOptions())).Problem);
    }

    [Fact]
    public void GivenModelNetStyleOffHeader_WhenRead_ThenCountsOnTheHeaderLineAreAccepted()
    {
        var mesh = OffMeshReader.Read(TestPaths.Fixture("pointcloud", "cube.off"));

        Assert.Equal(8, mesh.VertexCount);
        Assert.Equal(12, mesh.TriangleCount);
    }
}
