using System.Buffers;
using System.Text;

namespace FrozenLm.IO;

/// <summary>
/// Checks that untrusted bytes are UTF-8 before they reach System.Text.Json, whose parser accepts invalid UTF-8 inside
/// strings and only fails (with InvalidOperationException) when such a string is read.
/// </summary>
public static class Utf8Text
{
    /// <summary>Returns <paramref name="bytes"/>, or throws a one-line error naming <paramref name="subject"/> and the offset.</summary>
    public static byte[] Require(byte[] bytes, string subject)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return bytes;
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes.AsSpan(offset), out _, out var consumed) == OperationStatus.Done)
            offset += consumed;
        throw new UserInputException(subject, $"is not UTF-8 text (invalid byte 0x{bytes[offset]:x2} at offset {offset})");
    }

    /// <summary>Reads the file <paramref name="path"/> and checks it is UTF-8.</summary>
    public static byte[] ReadFile(string path) => Require(File.ReadAllBytes(path), path);
}
