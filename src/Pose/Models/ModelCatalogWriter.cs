using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoseCluster.Pose.Models;

/// <summary>Writes catalog entries back to JSON in the catalog's own format.</summary>
internal static class ModelCatalogWriter
{
    public static string Write(IEnumerable<ModelEntry> entries)
    {
        var models = new JsonArray();
        foreach (var e in entries)
        {
            models.Add(ToJson(e));
        }

        var root = new JsonObject { ["version"] = 1, ["models"] = models };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static JsonObject ToJson(ModelEntry e)
    {
        var input = new JsonObject
        {
            ["name"] = e.Input.Name,
            ["layout"] = e.Input.Layout.ToString().ToUpperInvariant(),
            ["elementType"] = e.Input.ElementType switch
            {
                Onnx.TensorElementType.Int32 => "int32",
                Onnx.TensorElementType.UInt8 => "uint8",
                _ => "float32",
            },
            ["width"] = e.Input.Width,
            ["height"] = e.Input.Height,
            ["channelOrder"] = e.Input.ChannelOrder.ToString().ToUpperInvariant(),
            ["mean"] = new JsonArray(e.Input.Mean.Select(v => (JsonNode)v).ToArray()),
            ["std"] = new JsonArray(e.Input.Std.Select(v => (JsonNode)v).ToArray()),
            ["resize"] = e.Input.Resize switch
            {
                ResizeMode.AffineCrop => "affine-crop",
                ResizeMode.Stretch => "stretch",
                _ => "letterbox",
            },
            ["anchor"] = e.Input.Anchor == PadAnchor.Centre ? "centre" : "top-left",
            ["padValue"] = e.Input.PadValue,
            ["batch"] = e.Input.Batch == BatchMode.Dynamic ? "dynamic" : "fixed",
        };
        if (e.Input.SizeRule is not null)
        {
            input["sizeRule"] = e.Input.SizeRule;
        }

        var obj = new JsonObject
        {
            ["id"] = e.Id,
            ["family"] = e.Family,
            ["task"] = e.Task,
            ["file"] = e.File,
            ["sha256"] = e.Sha256,
            ["size"] = e.Size,
            ["input"] = input,
            ["decode"] = JsonNode.Parse(e.Decode.ToString()),
            ["gflops"] = e.GFlops,
            ["license"] = e.License,
            ["origin"] = e.Origin,
            ["source"] = e.Source,
            ["precision"] = e.Precision,
        };
        if (e.DerivedFrom is not null)
        {
            obj["derivedFrom"] = e.DerivedFrom;
        }

        return obj;
    }
}
