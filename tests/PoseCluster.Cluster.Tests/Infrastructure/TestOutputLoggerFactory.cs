using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>Sends logs (information and above) to the test output, with a timestamp, to see what happened on failure.</summary>
public sealed class TestOutputLoggerFactory : ILoggerFactory
{
    private static readonly long Origin = Stopwatch.GetTimestamp();
    private readonly ITestOutputHelper _output;

    public TestOutputLoggerFactory(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Every line written, for tests that check logs hold no secrets.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(_output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        private readonly ITestOutputHelper _output;
        private readonly string _category;

        public Logger(ITestOutputHelper output, string category)
        {
            _output = output;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{Stopwatch.GetElapsedTime(Origin).TotalSeconds,8:0.000} {logLevel,-11} {_category}: {formatter(state, exception)}";
            Lines.Enqueue(line);
            try
            {
                _output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test already finished.
            }
        }
    }
}
