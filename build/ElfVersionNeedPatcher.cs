// Compiled twice: by the MSBuild inline task factory (build/NativeLoadFix.targets) and, with FROZENLM_TESTS defined,
// by the tests. Keep it netstandard2.0-clean and free of package dependencies.
#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FrozenLm.Build
{
    /// <summary>
    /// Marks chosen version requirements in an ELF64 little-endian shared object's <c>.gnu.version_r</c> section as
    /// weak (VER_FLG_WEAK = 0x2), so the dynamic loader accepts a system library that lacks those versions.
    /// </summary>
    public static class ElfVersionNeedPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>One version requirement found in the section.</summary>
        public readonly struct Requirement
        {
            public Requirement(string file, string version, ushort flags, long flagsOffset)
            {
                File = file;
                Version = version;
                Flags = flags;
                FlagsOffset = flagsOffset;
            }

            public string File { get; }
            public string Version { get; }
            public ushort Flags { get; }
            public long FlagsOffset { get; }
            public bool IsWeak => (Flags & VerFlagWeak) != 0;
        }

        /// <summary>Lists every (file, version) requirement of the ELF image.</summary>
        public static List<Requirement> ReadRequirements(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF is supported");
            long shoff = (long)ReadU64(elf, 0x28);
            int shentsize = ReadU16(elf, 0x3A);
            int shnum = ReadU16(elf, 0x3C);
            if (shentsize < 64 || shoff <= 0 || shoff + (long)shnum * shentsize > elf.Length)
                throw new InvalidDataException("section header table lies outside the file");
            var result = new List<Requirement>();
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (ReadU32(elf, sh + 4) != ShtGnuVerneed)
                    continue;
                long offset = (long)ReadU64(elf, sh + 0x18);
                uint link = ReadU32(elf, sh + 0x28);
                uint count = ReadU32(elf, sh + 0x2C);
                if (link >= shnum)
                    throw new InvalidDataException("verneed string table index out of range");
                long strOffset = (long)ReadU64(elf, shoff + (long)link * shentsize + 0x18);
                long entry = offset;
                for (uint n = 0; n < count; n++)
                {
                    ushort auxCount = ReadU16(elf, entry + 2);
                    string file = ReadCString(elf, strOffset + ReadU32(elf, entry + 4));
                    long aux = entry + ReadU32(elf, entry + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        ushort flags = ReadU16(elf, aux + 4);
                        string name = ReadCString(elf, strOffset + ReadU32(elf, aux + 8));
                        result.Add(new Requirement(file, name, flags, aux + 4));
                        uint nextAux = ReadU32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = ReadU32(elf, entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return result;
        }

        /// <summary>
        /// Sets the weak flag on every requirement named in <paramref name="versions"/>; returns how many flags changed
        /// (0 when already weak, which makes the patch idempotent).
        /// </summary>
        public static int MarkWeak(byte[] elf, ICollection<string> versions)
        {
            int changed = 0;
            foreach (var r in ReadRequirements(elf))
            {
                if (!versions.Contains(r.Version) || r.IsWeak)
                    continue;
                ushort flags = (ushort)(r.Flags | VerFlagWeak);
                elf[r.FlagsOffset] = (byte)(flags & 0xff);
                elf[r.FlagsOffset + 1] = (byte)(flags >> 8);
                changed++;
            }
            return changed;
        }

        /// <summary>True when the library file defines or names the given symbol version string.</summary>
        public static bool LibraryProvides(string libraryPath, string version)
        {
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            byte[] data = File.ReadAllBytes(libraryPath);
            for (int i = 0; i + needle.Length <= data.Length; i++)
            {
                if (data[i] != needle[0]) continue;
                int j = 1;
                while (j < needle.Length && data[i + j] == needle[j]) j++;
                if (j == needle.Length && (i == 0 || data[i - 1] == 0)) return true;
            }
            return false;
        }

        /// <summary>Finds the system's libstdc++.so.6 in the usual multiarch and lib64 folders, or null.</summary>
        public static string FindSystemLibStdCxx()
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6",
                "/lib64/libstdc++.so.6",
                "/usr/lib/libstdc++.so.6",
            };
            foreach (var c in candidates)
                if (File.Exists(c)) return c;
            return null;
        }

        /// <summary>
        /// Patches <paramref name="path"/> in place (temp file + rename, so a hard link to the NuGet cache is never
        /// written through) when the system libstdc++ lacks one of <paramref name="versions"/>. Returns a message.
        /// </summary>
        public static string PatchIfNeeded(string path, ICollection<string> versions, string systemLibStdCxx)
        {
            if (!File.Exists(path))
                return "absent: " + path;
            var missing = new List<string>();
            foreach (var v in versions)
                if (systemLibStdCxx == null || !LibraryProvides(systemLibStdCxx, v))
                    missing.Add(v);
            if (missing.Count == 0)
                return "not needed (system libstdc++ provides " + string.Join(", ", versions) + "): " + path;
            byte[] elf = File.ReadAllBytes(path);
            int changed = MarkWeak(elf, missing);
            if (changed == 0)
                return "already weak or not required: " + path;
            string temp = path + ".patching";
            File.WriteAllBytes(temp, elf);
            File.Delete(path);
            File.Move(temp, path);
            return "marked " + string.Join(", ", missing) + " weak (" + changed + " entr" + (changed == 1 ? "y" : "ies") + "): " + path;
        }

        private static ushort ReadU16(byte[] b, long o) { Check(b, o, 2); return (ushort)(b[o] | b[o + 1] << 8); }
        private static uint ReadU32(byte[] b, long o) { Check(b, o, 4); return BitConverter.ToUInt32(b, (int)o); }
        private static ulong ReadU64(byte[] b, long o) { Check(b, o, 8); return BitConverter.ToUInt64(b, (int)o); }

        private static void Check(byte[] b, long o, int n)
        {
            if (o < 0 || o + n > b.Length) throw new InvalidDataException("ELF structure points outside the file");
        }

        private static string ReadCString(byte[] b, long o)
        {
            Check(b, o, 1);
            long end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }
    }

#if !FROZENLM_TESTS
    /// <summary>MSBuild task: applies <see cref="ElfVersionNeedPatcher.PatchIfNeeded"/> to each library item.</summary>
    public sealed class FrozenLmWeakenVersionNeeds : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; }

        [Microsoft.Build.Framework.Required]
        public string Versions { get; set; }

        /// <summary>Patch even where this machine's libstdc++ has the versions (output meant for other machines).</summary>
        public bool WhateverTheSystem { get; set; }

        public override bool Execute()
        {
            var versions = new List<string>(Versions.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries));
            string system = WhateverTheSystem ? null : ElfVersionNeedPatcher.FindSystemLibStdCxx();
            var seen = new HashSet<string>();
            foreach (var item in Libraries)
            {
                string path = Path.GetFullPath(item.ItemSpec);
                if (!seen.Add(path) || !File.Exists(path)) continue;
                try
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        "FrozenLm native load fix: " + ElfVersionNeedPatcher.PatchIfNeeded(path, versions, system));
                }
                catch (Exception e)
                {
                    Log.LogWarning("FrozenLm native load fix skipped for " + path + ": " + e.Message);
                }
            }
            return true;
        }
    }
#endif
}
