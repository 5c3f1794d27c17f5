using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace FrozenLm.Tests.Conventions;

/// <summary>
/// Reads TorchSharp.dll's IL and finds every method that creates a temporary <c>Scalar</c> (an implicit conversion or
/// <c>ToScalar</c>) without disposing it, directly or through the TorchSharp methods it calls, e.g.
/// <c>Tensor.add(Tensor)</c>, which calls <c>add(target, 1)</c>. Keys are metadata tokens of TorchSharp's method definitions.
/// </summary>
internal static class TorchSharpScalarCreators
{
    public static IReadOnlySet<int> Find(string torchSharpPath)
    {
        using var stream = File.OpenRead(torchSharpPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var creators = new HashSet<int>();
        var disposers = new HashSet<int>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var typeName = md.GetString(type.Name);
            if (typeName is not ("Scalar" or "ScalarExtensionMethods"))
                continue;
            foreach (var methodHandle in type.GetMethods())
            {
                var name = md.GetString(md.GetMethodDefinition(methodHandle).Name);
                var token = MetadataTokens.GetToken(methodHandle);
                if (name is "op_Implicit" or "ToScalar")
                    creators.Add(token);
                else if (typeName == "Scalar" && name == "Dispose")
                    disposers.Add(token);
            }
        }

        var calls = new Dictionary<int, HashSet<int>>();
        foreach (var methodHandle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(methodHandle);
            if (method.RelativeVirtualAddress == 0)
                continue;
            var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes();
            if (il is null)
                continue;
            var callees = new HashSet<int>();
            for (var i = 0; i + 5 <= il.Length; i++)
            {
                if (il[i] is not (0x28 or 0x6F or 0x73))
                    continue;
                var token = BitConverter.ToInt32(il, i + 1);
                if ((token >> 24) == 0x06)
                    callees.Add(token);
            }
            calls[MetadataTokens.GetToken(methodHandle)] = callees;
        }

        var result = new HashSet<int>(calls.Where(c => !disposers.Contains(c.Key) && !c.Value.Overlaps(disposers) && c.Value.Overlaps(creators)).Select(c => c.Key));
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (method, callees) in calls)
            {
                if (result.Contains(method) || creators.Contains(method) || callees.Overlaps(disposers) || !callees.Overlaps(result))
                    continue;
                result.Add(method);
                changed = true;
            }
        }
        return result;
    }
}
