using System.Diagnostics.Metrics;

namespace AndyAI.Commands.Tests.Fakes;

/// <summary>A meter factory whose AndyAI counters are summed by name (as the host's statistics read them) and by command.</summary>
internal sealed class RecordingMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();

    public RecordingMeters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == this) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string name = instrument.Name["andyai.".Length..];
            string command = "";
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "command") command = tag.Value as string ?? "";
            }

            lock (Counters)
            {
                Counters[name] = Counters.GetValueOrDefault(name) + value;
                ByCommand[(name, command)] = ByCommand.GetValueOrDefault((name, command)) + value;
            }
        });
        _listener.Start();
    }

    public Dictionary<string, long> Counters { get; } = [];

    public Dictionary<(string Name, string Command), long> ByCommand { get; } = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Scope = this });
        lock (_meters) _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (Meter meter in _meters) meter.Dispose();
    }
}
