namespace FrozenLm.Fuzz.Targets;

/// <summary>Every fuzz target by name: one per reader of untrusted bytes (the corpus of each is fuzz/corpus/NAME/).</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("safetensors", "SafetensorsFile: header JSON and tensor data", CheckpointTargets.Safetensors),
        new("safetensors-index", "ShardedSafetensors: model.safetensors.index.json", CheckpointTargets.ShardedIndex),
        new("hf-config", "HuggingFaceConfig: config.json", CheckpointTargets.HuggingFaceConfigJson),
        new("pickle", "RestrictedUnpickler: data.pkl", CheckpointTargets.Pickle),
        new("pth", "TorchPthFile: the torch .pth zip", CheckpointTargets.Pth),
        new("meta-params", "MetaLlamaParams: params.json", CheckpointTargets.MetaParams),
        new("onnx", "OnnxCheckpointReader: ONNX protobuf", CheckpointTargets.Onnx),
        new("gguf", "GgufFile, GgufDequantizer, GgufCheckpointReader", CheckpointTargets.Gguf),
        new("idx", "IdxFile + IdxImageReader (plain and gzip)", ImageDataTargets.Idx),
        new("cifar", "CifarReader: CIFAR-10 and CIFAR-100 binary", ImageDataTargets.Cifar),
        new("image", "ImageFiles: PNG/JPEG through SkiaSharp", ImageDataTargets.Image),
        new("mask", "ObjectMaskFile: PNG object masks", ImageDataTargets.Mask),
        new("h5", "H5PointCloudFile: HDF5 point clouds", PointCloudTargets.H5),
        new("off", "OffMeshReader + surface sampling", PointCloudTargets.Off),
        new("points-txt", "TextPointCloudReader: .txt/.xyz points", PointCloudTargets.Text),
        new("clip-list", "ClipListFile: mmaction annotation lists", VideoTargets.ClipList),
        new("ssv2-json", "Ssv2Annotations: labels.json + split JSON", VideoTargets.Ssv2Json),
        new("ssv2-csv", "Ssv2Annotations: labels.csv + split CSV", VideoTargets.Ssv2Csv),
        new("argoverse-csv", "ArgoverseCsvReader: scene CSV", MotionTargets.ArgoverseCsv),
        new("argoverse-map", "ArgoverseMapReader: vector map XML", MotionTargets.ArgoverseMap),
        new("vqa2", "Vqa2Reader: annotations + questions JSON", VqaTargets.Vqa2),
        new("karpathy", "KarpathyCaptionReader: Karpathy split caption JSON", VqaTargets.Karpathy),
        new("ply", "PlyPointReader: ascii / binary little-endian PLY scenes", Sqa3dTargets.Ply),
        new("npy", "NpyPointReader: .npy point arrays", Sqa3dTargets.Npy),
        new("sqa3d-json", "Sqa3dJsonReader: questions + annotations JSON", Sqa3dTargets.Sqa3dJson),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
