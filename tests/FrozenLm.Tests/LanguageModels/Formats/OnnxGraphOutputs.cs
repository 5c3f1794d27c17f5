using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.Tests.LanguageModels.Formats;

/// <summary>Rewrites ModelProto bytes so that extra value names become graph outputs (float tensors), for ORT oracles.</summary>
internal static class OnnxGraphOutputs
{
    public static byte[] Add(ReadOnlySpan<byte> model, IEnumerable<string> valueNames)
    {
        var extra = new ProtoWriter();
        foreach (var name in valueNames)
        {
            var tensorType = new ProtoWriter().Varint(1, 1);
            var type = new ProtoWriter().Message(1, tensorType);
            extra.Message(12, new ProtoWriter().String(1, name).Message(2, type));
        }

        var extraBytes = extra.ToArray();
        var output = new ProtoWriter(model.Length + extraBytes.Length + 16);
        var reader = new ProtoReader(model, 0, "model");
        var fieldStart = reader.Offset;
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 7 && wire == ProtoWireType.Len)
            {
                var graph = reader.ReadBytes();
                output.LenHeader(7, graph.Length + extraBytes.Length).Raw(graph).Raw(extraBytes);
            }
            else
            {
                reader.Skip(wire);
                output.Raw(model[(int)fieldStart..(int)reader.Offset]);
            }

            fieldStart = reader.Offset;
        }

        return output.ToArray();
    }
}
