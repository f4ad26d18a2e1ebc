using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace PoseCluster.ServiceDefaults.Metrics;

/// <summary>
/// Exports <see cref="System.Diagnostics.Metrics"/> instruments in the Prometheus text format (version 0.0.4) with a
/// <see cref="MeterListener"/>: counters become <c>name_total</c>, gauges and up-down counters plain values, histograms
/// <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series. Instrument names map dots to underscores and append the unit
/// (<c>ms</c>, <c>s</c>, <c>bytes</c>). Meters created through this host's <see cref="IMeterFactory"/> and process-wide
/// meters (filtered by the <c>node</c> tag, see <see cref="PrometheusExporterOptions.Node"/>) are exported.
/// Observable instruments are read at scrape time; a series they no longer report disappears.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The response content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _factory;
    private readonly PrometheusExporterOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<Instrument, InstrumentState> _instruments = [];

    /// <summary>Starts listening to the meters the options name.</summary>
    public PrometheusExporter(IMeterFactory factory, IOptions<PrometheusExporterOptions> options)
    {
        _factory = factory;
        _options = options.Value;
        _options.Validate();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Wanted(instrument))
            {
                lock (_gate)
                {
                    _instruments[instrument] = new InstrumentState(instrument, _options.DefaultBuckets);
                }

                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_gate)
            {
                _instruments.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Writes every series in the text format.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        var text = Render();
        await output.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every series in the text format.</summary>
    public string Render()
    {
        lock (_gate)
        {
            foreach (var state in _instruments.Values.Where(s => s.Observable))
            {
                state.Series.Clear();
            }
        }

        _listener.RecordObservableInstruments();
        var text = new StringBuilder(4096);
        lock (_gate)
        {
            foreach (var group in _instruments.Values.Where(s => s.Series.Count > 0).GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = group.First();
                text.Append("# HELP ").Append(first.Name).Append(' ').Append(Escape(first.Instrument.Description ?? first.Name, help: true)).Append('\n');
                text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type).Append('\n');
                foreach (var (labels, series) in group.SelectMany(s => s.Series).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (series.Buckets is { } buckets)
                    {
                        var cumulative = 0L;
                        for (var b = 0; b < first.Bounds.Length; b++)
                        {
                            cumulative += buckets[b];
                            AppendSample(text, first.Name + "_bucket", Join(labels, "le=\"" + Format(first.Bounds[b]) + "\""), cumulative);
                        }

                        AppendSample(text, first.Name + "_bucket", Join(labels, "le=\"+Inf\""), series.Count);
                        AppendSample(text, first.Name + "_sum", labels, series.Value);
                        AppendSample(text, first.Name + "_count", labels, series.Count);
                    }
                    else
                    {
                        AppendSample(text, first.Name, labels, series.Value);
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private bool Wanted(Instrument instrument)
    {
        var meter = instrument.Meter;
        return (meter.Scope is null || ReferenceEquals(meter.Scope, _factory))
            && _options.MeterPrefixes.Any(p => meter.Name.StartsWith(p, StringComparison.Ordinal));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? node = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "node")
            {
                node = tag.Value as string;
            }
        }

        if (_options.Node is { } wanted && node is not null && !string.Equals(node, wanted, StringComparison.Ordinal))
        {
            return;
        }

        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_instruments.TryGetValue(instrument, out var state))
            {
                return;
            }

            if (!state.Series.TryGetValue(labels, out var series))
            {
                series = new Series(state.Bounds.Length);
                if (state.Type != "histogram")
                {
                    series.Buckets = null;
                }

                state.Series[labels] = series;
            }

            switch (state.Kind)
            {
                case Kind.Sum:
                    series.Value += value;
                    break;
                case Kind.Last:
                    series.Value = value;
                    break;
                default:
                    var bucket = Array.BinarySearch(state.Bounds, value);
                    bucket = bucket < 0 ? ~bucket : bucket;
                    if (bucket < state.Bounds.Length)
                    {
                        series.Buckets![bucket]++;
                    }

                    series.Value += value;
                    series.Count++;
                    break;
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(Sanitize(key)).Append("=\"").Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", help: false)).Append('"');
        }

        return text.ToString();
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static void AppendSample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString(CultureInfo.InvariantCulture);

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_' && chars[i] != ':')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string Escape(string value, bool help) =>
        help ? value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
             : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private enum Kind
    {
        Sum,
        Last,
        Histogram,
    }

    private sealed class Series
    {
        public Series(int buckets)
        {
            Buckets = new long[buckets];
        }

        public long[]? Buckets;
        public double Value;
        public long Count;
    }

    private sealed class InstrumentState
    {
        public InstrumentState(Instrument instrument, IReadOnlyList<double> defaultBuckets)
        {
            Instrument = instrument;
            var type = instrument.GetType();
            var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            Observable = instrument.IsObservable;
            (Type, Kind) = generic.Name switch
            {
                "Counter`1" or "ObservableCounter`1" => ("counter", instrument.IsObservable ? Kind.Last : Kind.Sum),
                "UpDownCounter`1" => ("gauge", Kind.Sum),
                "Histogram`1" => ("histogram", Kind.Histogram),
                _ => ("gauge", Kind.Last),
            };
            var name = Sanitize(instrument.Name.Replace('.', '_'));
            var unit = instrument.Unit switch
            {
                "ms" => "_ms",
                "s" => "_seconds",
                "By" or "bytes" => "_bytes",
                _ => "",
            };
            if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
            {
                name += unit;
            }

            if (Type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }

            Name = name;
            Bounds = Type == "histogram" ? BucketsOf(instrument) ?? [.. defaultBuckets] : [];
        }

        public Instrument Instrument { get; }

        public string Name { get; }

        public string Type { get; }

        public Kind Kind { get; }

        public bool Observable { get; }

        public double[] Bounds { get; }

        public Dictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        private static double[]? BucketsOf(Instrument instrument) => instrument switch
        {
            Histogram<double> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b],
            Histogram<long> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b.Select(v => (double)v)],
            Histogram<int> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b.Select(v => (double)v)],
            _ => null,
        };
    }
}
