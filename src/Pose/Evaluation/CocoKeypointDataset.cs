using System.Text.Json;

namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// A COCO keypoint ground-truth file (<c>person_keypoints_*.json</c>): images, person annotations with keypoints,
/// categories. Unknown image fields are kept in <see cref="CocoImage.ExtraFields"/>.
/// </summary>
public sealed class CocoKeypointDataset
{
    /// <summary>Creates a dataset from its parts.</summary>
    public CocoKeypointDataset(
        IReadOnlyList<CocoImage> images, IReadOnlyList<CocoKeypointAnnotation> annotations, IReadOnlyList<CocoCategory> categories)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(categories);
        Images = images;
        Annotations = annotations;
        Categories = categories;
    }

    /// <summary>The <c>images</c> list, in file order.</summary>
    public IReadOnlyList<CocoImage> Images { get; }

    /// <summary>The <c>annotations</c> list, in file order (the order cocoeval sees within an image).</summary>
    public IReadOnlyList<CocoKeypointAnnotation> Annotations { get; }

    /// <summary>The <c>categories</c> list.</summary>
    public IReadOnlyList<CocoCategory> Categories { get; }

    /// <summary>Reads a dataset file.</summary>
    public static CocoKeypointDataset Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileName(path));
    }

    /// <summary>Parses a dataset from JSON text.</summary>
    public static CocoKeypointDataset Parse(string json, string source = "dataset")
    {
        using var doc = ParseDocument(() => JsonDocument.Parse(json, CocoJsonReader.DocumentOptions), source);
        return FromRoot(doc.RootElement, source);
    }

    /// <summary>Parses a dataset from a UTF-8 JSON stream.</summary>
    public static CocoKeypointDataset Parse(Stream utf8Json, string source = "dataset")
    {
        using var doc = ParseDocument(() => JsonDocument.Parse(utf8Json, CocoJsonReader.DocumentOptions), source);
        return FromRoot(doc.RootElement, source);
    }

    private static JsonDocument ParseDocument(Func<JsonDocument> parse, string source)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }
    }

    private static CocoKeypointDataset FromRoot(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: a COCO dataset is a JSON object.");
        }

        var images = new List<CocoImage>();
        var index = 0;
        foreach (var e in CocoJsonReader.Array(root, "images", source).EnumerateArray())
        {
            images.Add(ParseImage(e, CocoJsonReader.At(source, "images", index++)));
        }

        var annotations = new List<CocoKeypointAnnotation>();
        index = 0;
        if (root.TryGetProperty("annotations", out var annotationList) && annotationList.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in annotationList.EnumerateArray())
            {
                annotations.Add(ParseAnnotation(e, CocoJsonReader.At(source, "annotations", index++)));
            }
        }

        var categories = new List<CocoCategory>();
        index = 0;
        foreach (var e in CocoJsonReader.Array(root, "categories", source).EnumerateArray())
        {
            categories.Add(ParseCategory(e, CocoJsonReader.At(source, "categories", index++)));
        }

        return new CocoKeypointDataset(images, annotations, categories);
    }

    private static readonly HashSet<string> ImageFields = new(StringComparer.Ordinal) { "id", "file_name", "width", "height" };

    private static CocoImage ParseImage(JsonElement e, string where)
    {
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in e.EnumerateObject())
        {
            if (!ImageFields.Contains(property.Name))
            {
                extra[property.Name] = property.Value.Clone();
            }
        }

        return new CocoImage
        {
            Id = CocoJsonReader.Id(CocoJsonReader.Required(e, "id", where), "id", where),
            FileName = e.TryGetProperty("file_name", out var name) ? CocoJsonReader.String(name, "file_name", where) : string.Empty,
            Width = e.TryGetProperty("width", out var w) ? CocoJsonReader.Int(w, "width", where) : 0,
            Height = e.TryGetProperty("height", out var h) ? CocoJsonReader.Int(h, "height", where) : 0,
            ExtraFields = extra,
        };
    }

    private static CocoKeypointAnnotation ParseAnnotation(JsonElement e, string where)
    {
        var keypoints = e.TryGetProperty("keypoints", out var k) ? CocoJsonReader.Numbers(k, "keypoints", where) : [];
        if (keypoints.Length % 3 != 0)
        {
            throw new InvalidDataException($"{where}: 'keypoints' must hold x, y, v triples ({keypoints.Length} values).");
        }

        int numKeypoints;
        if (e.TryGetProperty("num_keypoints", out var nk))
        {
            numKeypoints = CocoJsonReader.Int(nk, "num_keypoints", where);
        }
        else
        {
            // Not in the COCO files, but some converters omit it: count the labelled keypoints as COCO defines it.
            numKeypoints = 0;
            for (var i = 2; i < keypoints.Length; i += 3)
            {
                numKeypoints += keypoints[i] > 0 ? 1 : 0;
            }
        }

        return new CocoKeypointAnnotation
        {
            Id = CocoJsonReader.Id(CocoJsonReader.Required(e, "id", where), "id", where),
            ImageId = CocoJsonReader.Id(CocoJsonReader.Required(e, "image_id", where), "image_id", where),
            CategoryId = CocoJsonReader.Int(CocoJsonReader.Required(e, "category_id", where), "category_id", where),
            Keypoints = keypoints,
            NumKeypoints = numKeypoints,
            Area = CocoJsonReader.Number(CocoJsonReader.Required(e, "area", where), "area", where),
            Box = CocoJsonReader.Box(e, where) ?? throw new InvalidDataException($"{where}: the field 'bbox' is missing."),
            IsCrowd = e.TryGetProperty("iscrowd", out var crowd) && CocoJsonReader.Flag(crowd, "iscrowd", where),
        };
    }

    private static CocoCategory ParseCategory(JsonElement e, string where)
    {
        var keypoints = new List<string>();
        if (e.TryGetProperty("keypoints", out var names) && names.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in names.EnumerateArray())
            {
                keypoints.Add(CocoJsonReader.String(n, "keypoints", where));
            }
        }

        var skeleton = new List<(int, int)>();
        if (e.TryGetProperty("skeleton", out var edges) && edges.ValueKind == JsonValueKind.Array)
        {
            foreach (var edge in edges.EnumerateArray())
            {
                var pair = CocoJsonReader.Numbers(edge, "skeleton", where);
                if (pair.Length != 2)
                {
                    throw new InvalidDataException($"{where}: 'skeleton' edges must be pairs.");
                }

                skeleton.Add(((int)pair[0], (int)pair[1]));
            }
        }

        return new CocoCategory
        {
            Id = CocoJsonReader.Int(CocoJsonReader.Required(e, "id", where), "id", where),
            Name = e.TryGetProperty("name", out var name) ? CocoJsonReader.String(name, "name", where) : string.Empty,
            Supercategory = e.TryGetProperty("supercategory", out var sc) && sc.ValueKind == JsonValueKind.String ? sc.GetString()! : string.Empty,
            Keypoints = keypoints,
            Skeleton = skeleton,
        };
    }
}
