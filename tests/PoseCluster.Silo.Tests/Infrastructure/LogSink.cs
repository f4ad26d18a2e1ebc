using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>Captures every log line of in-process silos (all levels from Debug) and echoes Information+ to the test output.</summary>
public sealed class LogSink : ILoggerProvider
{
    private static readonly long Origin = Stopwatch.GetTimestamp();
    private readonly ITestOutputHelper? _output;

    public LogSink(ITestOutputHelper? output)
    {
        _output = output;
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = $"{Stopwatch.GetElapsedTime(Origin).TotalSeconds,8:0.000} {level,-11} {category}: {message}{(exception is null ? "" : " " + exception)}";
        Lines.Enqueue(line);
        if (level >= LogLevel.Information && _output is not null)
        {
            try
            {
                _output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private sealed class Logger : ILogger
    {
        private readonly LogSink _sink;
        private readonly string _category;

        public Logger(LogSink sink, string category)
        {
            _sink = sink;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _sink.Write(logLevel, _category, formatter(state, exception), exception);
    }
}
