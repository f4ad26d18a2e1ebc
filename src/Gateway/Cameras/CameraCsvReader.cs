using System.Globalization;
using System.Text;
using PoseCluster.Gateway.Api;
using PoseCluster.Gateway.Api.Contracts;

namespace PoseCluster.Gateway.Cameras;

/// <summary>
/// Reads a bulk import in CSV (RFC 4180: a header row, commas, double quotes). Columns: <c>name</c>, <c>source_url</c>
/// (required), and optionally <c>site</c>, <c>site_id</c>, <c>target_fps</c>, <c>pipeline</c>, <c>required_class</c>,
/// <c>enabled</c>, <c>username</c>, <c>password</c>. Empty cells take the defaults.
/// </summary>
internal static class CameraCsvReader
{
    public static readonly string[] Columns = ["name", "source_url", "site", "site_id", "target_fps", "pipeline", "required_class", "enabled", "username", "password"];

    public static List<CameraInput> Read(string text, FieldErrors errors)
    {
        var rows = Parse(text, errors);
        var result = new List<CameraInput>();
        if (errors.Any)
        {
            return result;
        }

        if (rows.Count == 0)
        {
            errors.Add("body", "The CSV is empty: a header row and one row per camera are expected.");
            return result;
        }

        var header = rows[0].Cells.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        foreach (var (column, i) in header.Select((c, i) => (c, i)))
        {
            if (!Columns.Contains(column))
            {
                errors.Add($"columns[{i}]", $"Unknown column '{column}'. Columns: {string.Join(", ", Columns)}.");
            }
        }

        foreach (var required in new[] { "name", "source_url" }.Where(r => !header.Contains(r)))
        {
            errors.Add("columns", $"The header needs a '{required}' column.");
        }

        if (errors.Any)
        {
            return result;
        }

        for (var r = 1; r < rows.Count; r++)
        {
            var (line, cells) = rows[r];
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var prefix = $"cameras[{result.Count}].";
            if (cells.Count != header.Length)
            {
                errors.Add(prefix.TrimEnd('.'), $"line {line} has {cells.Count} cells; the header has {header.Length}");
                result.Add(new CameraInput());
                continue;
            }

            string? Cell(string column) => Array.IndexOf(header, column) is var i and >= 0 && cells[i].Trim() is { Length: > 0 } v ? v : null;
            double? fps = null;
            if (Cell("target_fps") is { } f)
            {
                if (double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    fps = parsed;
                }
                else
                {
                    errors.Add(prefix + "target_fps", $"line {line}: must be a number");
                }
            }

            bool? enabled = null;
            if (Cell("enabled") is { } e)
            {
                enabled = e.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => true,
                    "false" or "no" or "0" => false,
                    _ => null,
                };
                if (enabled is null)
                {
                    errors.Add(prefix + "enabled", $"line {line}: must be true or false");
                }
            }

            Guid? siteId = null;
            if (Cell("site_id") is { } s)
            {
                if (Guid.TryParse(s, out var id))
                {
                    siteId = id;
                }
                else
                {
                    errors.Add(prefix + "site_id", $"line {line}: must be a UUID");
                }
            }

            result.Add(new CameraInput
            {
                Name = Cell("name"),
                SourceUrl = Cell("source_url"),
                Site = Cell("site"),
                SiteId = siteId,
                TargetFps = fps,
                Pipeline = Cell("pipeline"),
                RequiredClass = Cell("required_class"),
                Enabled = enabled,
                Username = Cell("username"),
                Password = Array.IndexOf(header, "password") is var p and >= 0 && cells[p].Length > 0 ? cells[p] : null,
            });
        }

        return result;
    }

    private static List<(int Line, List<string> Cells)> Parse(string text, FieldErrors errors)
    {
        var rows = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    rows.Add((rowLine, cells));
                    cells = [];
                    line++;
                    rowLine = line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            errors.Add("body", $"Malformed CSV: a quoted cell starting on line {rowLine} is not closed.");
            return rows;
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            rows.Add((rowLine, cells));
        }

        return rows;
    }
}
