namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>The protobuf wire types FrozenLm reads (groups, types 3 and 4, are refused).</summary>
internal enum ProtoWireType
{
    Varint = 0,
    Fixed64 = 1,
    Len = 2,
    Fixed32 = 5,
}
