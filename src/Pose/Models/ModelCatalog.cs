using System.Globalization;
using System.Text.Json;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Models;

/// <summary>
/// The model catalog: the committed <c>models/catalog.json</c> plus an optional, git-ignored
/// <c>models/catalog.local.json</c> where derived models (quantised variants, user models) are registered.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>File name of the committed catalog.</summary>
    public const string CatalogFileName = "catalog.json";

    /// <summary>File name of the local overlay (derived and user-added models).</summary>
    public const string LocalCatalogFileName = "catalog.local.json";

    private readonly Dictionary<string, ModelEntry> _entries;

    private ModelCatalog(string modelsDirectory, IEnumerable<ModelEntry> entries, IReadOnlyDictionary<string, string> families)
    {
        ModelsDirectory = modelsDirectory;
        _entries = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // Later entries (the local overlay) replace earlier ones of the same id.
            _entries[entry.Id] = entry;
        }

        Families = families;
    }

    /// <summary>Folder the model files are installed in.</summary>
    public string ModelsDirectory { get; }

    /// <summary>All entries, in id order.</summary>
    public IReadOnlyList<ModelEntry> Entries => _entries.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();

    /// <summary>Documented families and their output contracts.</summary>
    public IReadOnlyDictionary<string, string> Families { get; }

    /// <summary>Loads the catalog from <paramref name="modelsDirectory"/> (default: the home's models folder).</summary>
    public static ModelCatalog Load(string? modelsDirectory = null)
    {
        modelsDirectory ??= PoseClusterHome.ModelsDirectory;
        var path = Path.Combine(modelsDirectory, CatalogFileName);
        if (!System.IO.File.Exists(path))
        {
            throw new ModelCatalogException($"Model catalog '{path}' does not exist.");
        }

        var (entries, families) = ParseFile(path);
        var localPath = Path.Combine(modelsDirectory, LocalCatalogFileName);
        if (System.IO.File.Exists(localPath))
        {
            var (local, _) = ParseFile(localPath);
            entries.AddRange(local);
        }

        return new ModelCatalog(modelsDirectory, entries, families);
    }

    /// <summary>Parses catalog JSON text (used for both files and tests).</summary>
    public static ModelCatalog Parse(string json, string modelsDirectory)
    {
        var (entries, families) = ParseText(json, "(text)");
        return new ModelCatalog(modelsDirectory, entries, families);
    }

    /// <summary>The entry with <paramref name="id"/>; throws listing the known ids when absent.</summary>
    public ModelEntry Get(string id) =>
        _entries.TryGetValue(id, out var entry)
            ? entry
            : throw new ModelCatalogException(
                $"Unknown model '{id}'. Known models: {string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>Whether an entry with <paramref name="id"/> exists.</summary>
    public bool Contains(string id) => _entries.ContainsKey(id);

    /// <summary>The installed file path of an entry.</summary>
    public string PathOf(ModelEntry entry) => Path.Combine(ModelsDirectory, entry.File);

    /// <summary>Registers (or replaces) a derived entry in the local overlay file.</summary>
    public void RegisterLocal(ModelEntry entry)
    {
        _entries[entry.Id] = entry;
        var localPath = Path.Combine(ModelsDirectory, LocalCatalogFileName);
        var local = System.IO.File.Exists(localPath) ? ParseFile(localPath).Entries : [];
        local.RemoveAll(e => e.Id == entry.Id);
        local.Add(entry);
        var tmp = localPath + ".tmp";
        System.IO.File.WriteAllText(tmp, ModelCatalogWriter.Write(local));
        System.IO.File.Move(tmp, localPath, overwrite: true);
    }

    private static (List<ModelEntry> Entries, Dictionary<string, string> Families) ParseFile(string path)
    {
        try
        {
            return ParseText(System.IO.File.ReadAllText(path), path);
        }
        catch (JsonException e)
        {
            throw new ModelCatalogException($"Model catalog '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static (List<ModelEntry> Entries, Dictionary<string, string> Families) ParseText(string json, string origin)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("families", out var fam))
        {
            foreach (var p in fam.EnumerateObject())
            {
                families[p.Name] = p.Value.GetString() ?? string.Empty;
            }
        }

        if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            throw new ModelCatalogException($"Model catalog {origin} has no 'models' array.");
        }

        var entries = new List<ModelEntry>();
        var index = 0;
        foreach (var m in models.EnumerateArray())
        {
            entries.Add(ParseEntry(m, $"{origin} models[{index++}]"));
        }

        return (entries, families);
    }

    private static ModelEntry ParseEntry(JsonElement m, string where)
    {
        string Req(JsonElement e, string name, string at) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
                ? v.GetString()!
                : throw new ModelCatalogException($"{at}: '{name}' is required.");

        var id = Req(m, "id", where);
        var at = $"{where} ('{id}')";
        if (!m.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            throw new ModelCatalogException($"{at}: 'input' is required.");
        }

        var decode = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (m.TryGetProperty("decode", out var d))
        {
            foreach (var p in d.EnumerateObject())
            {
                decode[p.Name] = p.Value.Clone();
            }
        }

        var sha = Req(m, "sha256", at).ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(Uri.IsHexDigit))
        {
            throw new ModelCatalogException($"{at}: 'sha256' must be 64 hex digits.");
        }

        return new ModelEntry
        {
            Id = id,
            Family = Req(m, "family", at),
            Task = Req(m, "task", at),
            File = Req(m, "file", at),
            Sha256 = sha,
            Size = m.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
            Input = ParseInput(input, at),
            Decode = new DecodeParameters(decode),
            GFlops = m.TryGetProperty("gflops", out var g) ? g.GetDouble() : 0,
            License = m.TryGetProperty("license", out var l) ? l.GetString() ?? "unknown" : "unknown",
            Origin = m.TryGetProperty("origin", out var o) ? o.GetString() ?? string.Empty : string.Empty,
            Source = m.TryGetProperty("source", out var s) ? s.GetString() ?? string.Empty : string.Empty,
            Precision = m.TryGetProperty("precision", out var pr) ? pr.GetString() ?? "fp32" : "fp32",
            DerivedFrom = m.TryGetProperty("derivedFrom", out var df) ? df.GetString() : null,
        };
    }

    private static InputContract ParseInput(JsonElement e, string at)
    {
        T ParseEnum<T>(string name, T fallback)
            where T : struct, Enum
        {
            if (!e.TryGetProperty(name, out var v))
            {
                return fallback;
            }

            var text = (v.GetString() ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal);
            return Enum.TryParse<T>(text, ignoreCase: true, out var parsed)
                ? parsed
                : throw new ModelCatalogException($"{at}: input.{name} '{v.GetString()}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
        }

        float[] Floats(string name) =>
            e.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(x => x.GetSingle()).ToArray() : [0f, 0f, 0f];

        int Dim(string name) =>
            e.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) && n > 0
                ? n
                : throw new ModelCatalogException($"{at}: input.{name} must be a positive integer.");

        var elementType = e.TryGetProperty("elementType", out var et) ? et.GetString() : "float32";
        var contract = new InputContract
        {
            Name = e.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : throw new ModelCatalogException($"{at}: input.name is required."),
            Layout = ParseEnum("layout", TensorLayout.Nchw),
            ElementType = elementType switch
            {
                "float32" => TensorElementType.Float,
                "int32" => TensorElementType.Int32,
                "uint8" => TensorElementType.UInt8,
                _ => throw new ModelCatalogException($"{at}: input.elementType '{elementType}' is not float32, int32 or uint8."),
            },
            Width = Dim("width"),
            Height = Dim("height"),
            ChannelOrder = ParseEnum("channelOrder", ChannelOrder.Rgb),
            Mean = Floats("mean"),
            Std = e.TryGetProperty("std", out _) ? Floats("std") : [1f, 1f, 1f],
            Resize = ParseEnum("resize", ResizeMode.Letterbox),
            Anchor = ParseEnum("anchor", PadAnchor.TopLeft),
            PadValue = e.TryGetProperty("padValue", out var pad) ? pad.GetSingle() : 0f,
            Batch = ParseEnum("batch", BatchMode.Fixed),
            SizeRule = e.TryGetProperty("sizeRule", out var rule) ? rule.GetString() : null,
        };

        if (contract.Mean.Count != 3 || contract.Std.Count != 3 || contract.Std.Any(s => s == 0f))
        {
            throw new ModelCatalogException(string.Create(CultureInfo.InvariantCulture, $"{at}: input.mean and input.std need 3 values each, std non-zero."));
        }

        return contract;
    }
}
