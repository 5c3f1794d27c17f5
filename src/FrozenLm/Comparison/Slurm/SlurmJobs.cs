using System.Text.Json;
using System.Text.Json.Serialization;
using FrozenLm.IO;

namespace FrozenLm.Comparison.Slurm;

/// <summary>
/// <c>DIR/slurm/jobs.json</c>: every job array submitted for a comparison (job id, the plan indices it covers, when),
/// so a later <c>compare --out DIR</c> knows which logs and queue entries belong to which run.
/// </summary>
public static class SlurmJobs
{
    public const string FileName = "jobs.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>One submitted job array.</summary>
    public sealed record Job(
        [property: JsonPropertyName("job_id")] string JobId,
        [property: JsonPropertyName("indices")] IReadOnlyList<int> Indices,
        [property: JsonPropertyName("submitted_utc")] DateTimeOffset SubmittedUtc);

    public static string PathIn(string outDir) => Path.Combine(SlurmScript.FolderIn(outDir), FileName);

    public static bool Exists(string outDir) => File.Exists(PathIn(outDir));

    public static IReadOnlyList<Job> Read(string outDir)
    {
        var path = PathIn(outDir);
        if (!File.Exists(path))
            return [];
        try
        {
            return JsonSerializer.Deserialize<List<Job>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "is not a readable list of Slurm jobs: " + e.Message, e);
        }
    }

    /// <summary>Appends <paramref name="job"/> (temp + rename).</summary>
    public static void Append(string outDir, Job job)
    {
        var jobs = Read(outDir).Append(job).ToList();
        Directory.CreateDirectory(SlurmScript.FolderIn(outDir));
        AtomicFile.WriteAllText(PathIn(outDir), JsonSerializer.Serialize(jobs, Json) + "\n");
    }
}
