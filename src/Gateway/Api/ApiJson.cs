using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// Strict JSON bodies: <c>application/json</c> only (else 415), a size limit checked before and while reading (else 413),
/// well-formed JSON (else 400 naming <c>body</c>), no unknown field and the right type in every field (else 400 naming
/// the field).
/// </summary>
internal static class ApiJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads and binds an object body.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, int maxBytes, JsonSerializerOptions options)
        where T : class
    {
        var (document, problem) = await ReadDocumentAsync(context, maxBytes).ConfigureAwait(false);
        if (document is null)
        {
            return (null, problem);
        }

        using (document)
        {
            var errors = new FieldErrors();
            var value = Bind<T>(document.RootElement, options, "", errors);
            return errors.Any || value is null ? (null, ApiProblems.Validation(errors)) : (value, null);
        }
    }

    /// <summary>Reads a JSON document, or answers why not.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadDocumentAsync(HttpContext context, int maxBytes)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return (null, ApiProblems.UnsupportedMediaType("application/json"));
        }

        var (body, problem) = await ReadBytesAsync(context, maxBytes).ConfigureAwait(false);
        if (body is null)
        {
            return (null, problem);
        }

        if (body.Length == 0)
        {
            return (null, ApiProblems.Field("body", "The request body is empty: send a JSON object."));
        }

        try
        {
            return (JsonDocument.Parse(body, DocumentOptions), null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Field("body", "Malformed JSON: " + e.Message, "The request body is not valid JSON."));
        }
    }

    /// <summary>Reads the raw body up to <paramref name="maxBytes"/>, or answers 413.</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadBytesAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength is { } length && length > maxBytes)
        {
            return (null, ApiProblems.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, ApiProblems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Binds an element to <typeparamref name="T"/>, adding unknown fields and type errors (prefixed) to <paramref name="errors"/>.</summary>
    public static T? Bind<T>(JsonElement element, JsonSerializerOptions options, string prefix, FieldErrors errors)
        where T : class
    {
        var info = options.GetTypeInfo(typeof(T));
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "must be a JSON object");
            return null;
        }

        var before = errors.Count;
        foreach (var property in element.EnumerateObject())
        {
            if (!info.Properties.Any(p => p.Name == property.Name))
            {
                errors.Add(prefix + property.Name, $"Unknown field. Known fields: {string.Join(", ", info.Properties.Select(p => p.Name))}.");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        try
        {
            return element.Deserialize<T>(options);
        }
        catch (JsonException e)
        {
            var field = Field(e.Path);
            var property = info.Properties.FirstOrDefault(p => p.Name == field.Split('[', '.')[0]);
            errors.Add(prefix + (field.Length == 0 ? "body" : field), Expected(property));
            return null;
        }
    }

    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string Field(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Expected(JsonPropertyInfo? property)
    {
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            null => "has the wrong type",
            _ when type == typeof(string) => "must be a string",
            _ when type == typeof(bool) => "must be true or false",
            _ when type == typeof(Guid) => "must be a UUID string",
            _ when type == typeof(double) || type == typeof(int) || type == typeof(long) => "must be a number",
            _ when typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "must be an array of the documented shape",
            _ => "has the wrong type",
        };
    }
}
