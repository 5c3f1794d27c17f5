using System.Globalization;
using System.Xml;

namespace FrozenLm.Data.Motion;

/// <summary>
/// Reads an Argoverse 1 city vector map (<c>pruned_argoverse_{CITY}_{id}_vector_map.xml</c>): an
/// <c>ArgoverseVectorMap</c> root with <c>node</c> elements (<c>id</c>, <c>x</c>, <c>y</c>) and <c>way</c> elements
/// (attribute <c>lane_id</c>, <c>nd ref</c> children giving the centreline, <c>tag k v</c> children such as
/// <c>turn_direction</c>, <c>is_intersection</c>, <c>has_traffic_control</c>). Problems name the file.
/// </summary>
public static class ArgoverseMapReader
{
    public const string RootElement = "ArgoverseVectorMap";

    public static List<MotionLane> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static List<MotionLane> Read(Stream stream, string source)
    {
        var nodes = new Dictionary<string, (double X, double Y)>();
        var lanes = new List<MotionLane>();
        try
        {
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
            if (xml.MoveToContent() != XmlNodeType.Element || xml.Name != RootElement)
                throw new UserInputException(source, $"not an Argoverse vector map (root element '{xml.Name}', expected '{RootElement}')");
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                    continue;
                if (xml.Name == "node")
                {
                    var id = Attribute(xml, "id", source);
                    nodes[id] = (Number(xml, "x", source), Number(xml, "y", source));
                }
                else if (xml.Name == "way")
                {
                    lanes.Add(ReadWay(xml, nodes, source));
                }
            }
        }
        catch (XmlException e)
        {
            throw new UserInputException(source, $"not valid XML: {e.Message}");
        }
        if (lanes.Count == 0)
            throw new UserInputException(source, "the vector map has no lanes (way elements)");
        return lanes;
    }

    private static MotionLane ReadWay(XmlReader xml, Dictionary<string, (double X, double Y)> nodes, string source)
    {
        var laneId = Attribute(xml, "lane_id", source);
        var xs = new List<double>();
        var ys = new List<double>();
        var tags = new Dictionary<string, string>();
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element)
                    continue;
                if (xml.Name == "nd")
                {
                    var r = Attribute(xml, "ref", source);
                    if (!nodes.TryGetValue(r, out var p))
                        throw new UserInputException(source, $"lane {laneId} refers to node {r}, which is not defined before it");
                    xs.Add(p.X);
                    ys.Add(p.Y);
                }
                else if (xml.Name == "tag")
                {
                    tags[Attribute(xml, "k", source)] = xml.GetAttribute("v") ?? "";
                }
            }
        }
        if (xs.Count < 2)
            throw new UserInputException(source, $"lane {laneId} has {xs.Count} centreline node(s), fewer than 2");
        var turn = tags.GetValueOrDefault("turn_direction", "NONE").ToUpperInvariant() switch
        {
            "LEFT" => LaneTurn.Left,
            "RIGHT" => LaneTurn.Right,
            _ => LaneTurn.None,
        };
        return new MotionLane(laneId, [.. xs], [.. ys], turn, Flag(tags, "is_intersection"), Flag(tags, "has_traffic_control"));
    }

    private static bool Flag(Dictionary<string, string> tags, string key) =>
        string.Equals(tags.GetValueOrDefault(key), "True", StringComparison.OrdinalIgnoreCase);

    private static string Attribute(XmlReader xml, string name, string source) =>
        xml.GetAttribute(name) ?? throw new UserInputException(source, $"line {(xml as IXmlLineInfo)?.LineNumber}: <{xml.Name}> has no '{name}' attribute");

    private static double Number(XmlReader xml, string name, string source)
    {
        var text = Attribute(xml, name, source);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new UserInputException(source, $"line {(xml as IXmlLineInfo)?.LineNumber}: node {name} '{text}' is not a number");
    }
}
