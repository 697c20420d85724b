using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AndyAI.Host.Tests.Statistics;

/// <summary>
/// The OpenTelemetry SDK reading one meter factory's AndyAI meters as <c>/metrics</c> does (cumulative, only that
/// factory's meters), collected on demand: the series the Prometheus exporter would write, as points (a counter's
/// sum, a histogram's count).
/// </summary>
internal sealed class SdkMetrics : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly PointExporter _exporter = new();

    public SdkMetrics(IMeterFactory meters)
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter("AndyAI.*")
            .AddView(instrument => instrument.Meter.Scope != meters ? MetricStreamConfiguration.Drop : null)
            .AddReader(new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative })
            .Build();
    }

    /// <summary>Collects now: every series exported at this collection.</summary>
    public IReadOnlyList<Point> Collect()
    {
        _provider.ForceFlush();
        return _exporter.Last;
    }

    public void Dispose() => _provider.Dispose();

    /// <summary>One exported series: its instrument, its tags and its value (a sum, or a histogram's count).</summary>
    internal sealed record Point(string Name, IReadOnlyDictionary<string, string> Tags, double Value)
    {
        public bool Has(string tag, string value) => Tags.TryGetValue(tag, out string? v) && v == value;

        public override string ToString() => $"{Name}{{{string.Join(",", Tags.Select(t => $"{t.Key}={t.Value}"))}}} {Value}";
    }

    private sealed class PointExporter : BaseExporter<Metric>
    {
        public IReadOnlyList<Point> Last { get; private set; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var points = new List<Point>();
            foreach (Metric metric in batch)
            {
                foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, object?> tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value?.ToString() ?? "";
                    }

                    double value = metric.MetricType switch
                    {
                        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        _ => double.NaN,
                    };
                    points.Add(new Point(metric.Name, tags, value));
                }
            }

            Last = points;
            return ExportResult.Success;
        }
    }
}
