using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// The ten summary numbers of the COCO keypoint evaluation (pycocotools' <c>COCOeval.stats</c> for iouType
/// 'keypoints'): AP and AR over OKS .50:.05:.95, at .50 and .75, and for medium and large people. -1 where the
/// evaluation had nothing to measure (no ground truth in that area range).
/// </summary>
/// <param name="AP">AP, OKS .50:.95, all areas.</param>
/// <param name="AP50">AP at OKS .50.</param>
/// <param name="AP75">AP at OKS .75.</param>
/// <param name="APm">AP for medium people (32^2..96^2).</param>
/// <param name="APl">AP for large people (&gt; 96^2).</param>
/// <param name="AR">AR, OKS .50:.95, all areas.</param>
/// <param name="AR50">AR at OKS .50.</param>
/// <param name="AR75">AR at OKS .75.</param>
/// <param name="ARm">AR for medium people.</param>
/// <param name="ARl">AR for large people.</param>
public sealed record CocoStats(
    double AP, double AP50, double AP75, double APm, double APl, double AR, double AR50, double AR75, double ARm, double ARl)
{
    /// <summary>The stat names in cocoeval's order (also the JSON keys).</summary>
    public static IReadOnlyList<string> Names { get; } = ["AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"];

    /// <summary>The values in <see cref="Names"/> order (cocoeval's <c>stats</c> array).</summary>
    public IReadOnlyList<double> Values => [AP, AP50, AP75, APm, APl, AR, AR50, AR75, ARm, ARl];

    /// <summary>Builds stats from ten values in <see cref="Names"/> order.</summary>
    public static CocoStats FromValues(ReadOnlySpan<double> v) => v.Length == 10
        ? new CocoStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9])
        : throw new ArgumentException($"COCO keypoint stats are ten values (got {v.Length}).", nameof(v));

    /// <summary>Reads stats from a JSON object with the ten <see cref="Names"/> keys.</summary>
    public static CocoStats FromJson(JsonElement element)
    {
        Span<double> values = stackalloc double[10];
        for (var i = 0; i < 10; i++)
        {
            values[i] = element.TryGetProperty(Names[i], out var v) && v.ValueKind == JsonValueKind.Number
                ? v.GetDouble()
                : throw new InvalidDataException($"COCO stats: the number '{Names[i]}' is missing.");
        }

        return FromValues(values);
    }

    /// <summary>Reads stats from JSON text (see <see cref="FromJson(JsonElement)"/>).</summary>
    public static CocoStats FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return FromJson(doc.RootElement);
    }

    /// <summary>Writes <c>{"AP":..,"AP50":..,"AP75":..,"APm":..,"APl":..,"AR":..,"AR50":..,"AR75":..,"ARm":..,"ARl":..}</c>.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        var values = Values;
        for (var i = 0; i < 10; i++)
        {
            writer.WriteNumber(Names[i], values[i]);
        }

        writer.WriteEndObject();
    }

    /// <summary>The compact JSON object of <see cref="WriteJson"/> (numbers round-trip exactly).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The ten lines pycocotools' <c>summarize()</c> prints, e.g.
    /// <c> Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.353</c>.
    /// </summary>
    public string ToSummaryTable(int maxDetections = 20)
    {
        var values = Values;
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            var ap = i < 5;
            var title = ap ? "Average Precision" : "Average Recall";
            var kind = ap ? "(AP)" : "(AR)";
            var iou = (i % 5) switch { 1 => "0.50", 2 => "0.75", _ => "0.50:0.95" };
            var area = (i % 5) switch { 3 => "medium", 4 => "large", _ => "all" };
            // "F3" rounds the exact binary value half-to-even, as Python's {:0.3f} does (the "0.000" pattern does not).
            text.Append(CultureInfo.InvariantCulture,
                $" {title,-18} {kind} @[ IoU={iou,-9} | area={area,6} | maxDets={maxDetections,3} ] = {values[i]:F3}");
            text.Append('\n');
        }

        return text.ToString();
    }
}
