using Google.Protobuf;

namespace PoseCluster.ModelTools.Format;

/// <summary>
/// An ONNX model held as its protobuf messages (<see cref="ModelProto"/>), read from and written to the standard
/// <c>.onnx</c> encoding. Fields the schema does not declare are kept as unknown fields and written back unchanged.
/// </summary>
public sealed class OnnxModel
{
    /// <summary>The default operator set domain (<c>ai.onnx</c>, written as the empty string).</summary>
    public const string DefaultDomain = "";

    /// <summary>The contrib operator domain of ONNX Runtime.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    // Models above this size keep weights in external files, which this tool does not follow.
    private const long MaxInlineBytes = 2L * 1024 * 1024 * 1024;

    private OnnxModel(ModelProto proto, string displayName)
    {
        Proto = proto;
        DisplayName = displayName;
    }

    /// <summary>The model message; edit it in place and <see cref="Save"/> or <see cref="ToByteArray"/>.</summary>
    public ModelProto Proto { get; }

    /// <summary>The main graph.</summary>
    public GraphProto Graph => Proto.Graph;

    /// <summary>Where the model came from (path or a caller's label), used in error messages.</summary>
    public string DisplayName { get; }

    /// <summary>The imported version of the default operator set (0 when none is imported).</summary>
    public long OpsetVersion => Proto.OpsetImport.FirstOrDefault(o => o.Domain is DefaultDomain or "ai.onnx")?.Version ?? 0;

    /// <summary>Reads a model file; throws <see cref="InvalidDataException"/> naming the file when it is not an ONNX model.</summary>
    public static OnnxModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        var length = new FileInfo(path).Length;
        if (length >= MaxInlineBytes)
        {
            throw new InvalidDataException($"'{path}' is {length} bytes; models of 2 GiB or more (external data) are not supported.");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses model bytes; throws <see cref="InvalidDataException"/> when they are not an ONNX model.</summary>
    public static OnnxModel Parse(ReadOnlySpan<byte> bytes, string displayName)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{displayName}' is not an ONNX model (protobuf decoding failed: {e.Message}).", e);
        }

        if (proto.Graph is null || proto.IrVersion <= 0)
        {
            throw new InvalidDataException(
                $"'{displayName}' is not an ONNX model: it has {(proto.Graph is null ? "no graph" : "no IR version")}.");
        }

        if (proto.Graph.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External))
        {
            var name = proto.Graph.Initializer.First(t => t.DataLocation == TensorProto.Types.DataLocation.External).Name;
            throw new InvalidDataException($"'{displayName}' keeps initializer '{name}' in an external file; only self-contained models are supported.");
        }

        return new OnnxModel(proto, displayName);
    }

    /// <summary>Wraps an existing message (e.g. a graph built in code).</summary>
    public static OnnxModel FromProto(ModelProto proto, string displayName)
    {
        ArgumentNullException.ThrowIfNull(proto);
        return new OnnxModel(proto, displayName);
    }

    /// <summary>The model in the standard encoding.</summary>
    public byte[] ToByteArray() => Proto.ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> through a temporary file, so a reader never sees half a model.
    /// Refuses to replace <paramref name="protectedPath"/> (the source model of a conversion).
    /// </summary>
    public void Save(string path, string? protectedPath = null)
    {
        var full = Path.GetFullPath(path);
        if (protectedPath is not null && string.Equals(full, Path.GetFullPath(protectedPath), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Refusing to overwrite the source model '{protectedPath}'.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllBytes(tmp, ToByteArray());
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>A deep copy.</summary>
    public OnnxModel Clone() => new(Proto.Clone(), DisplayName);

    /// <summary>Ensures the default domain is imported at <paramref name="version"/> or later and returns the version in use.</summary>
    public long RequireOpset(long version)
    {
        var entry = Proto.OpsetImport.FirstOrDefault(o => o.Domain is DefaultDomain or "ai.onnx");
        if (entry is null)
        {
            Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = DefaultDomain, Version = version });
            return version;
        }

        if (entry.Version < version)
        {
            entry.Version = version;
        }

        return entry.Version;
    }
}
