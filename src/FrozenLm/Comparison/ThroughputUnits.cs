namespace FrozenLm.Comparison;

/// <summary>The throughput unit of a task's samples: "images" -> "img/s", "clouds" -> "clouds/s", else "samples/s".</summary>
public static class ThroughputUnits
{
    public static string Of(string sampleUnit) => sampleUnit switch
    {
        "images" => "img/s",
        "" => "samples/s",
        _ => sampleUnit + "/s",
    };
}
