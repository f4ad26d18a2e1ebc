using System.CommandLine;
using System.Xml.Linq;
using PoseCluster.AppHost.Setup;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Commands;

/// <summary><c>posecluster test</c>: installs what the tests need, runs the whole suite, prints one summary line.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "dotnet test filter expression (default: every test)." };
        var modelsFrom = CommonOptions.ModelsFrom();
        var command = new Command("test", "Install test prerequisites (setup --dev) and run the whole test suite.") { filter, modelsFrom };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                await EnvironmentSetup.RunAsync(SetupProfile.Development, parse.GetValue(modelsFrom), token);
                var root = PoseClusterHome.RequireRoot();
                var results = Path.Combine(root, ".posecluster", "test-results");
                if (Directory.Exists(results))
                {
                    Directory.Delete(results, recursive: true);
                }

                List<string> args =
                [
                    "test", Path.Combine(root, "PoseCluster.sln"), "-c", "Release", "--nologo",
                    "--logger", "trx", "--logger", "console;verbosity=normal", "--results-directory", results,
                ];
                if (parse.GetValue(filter) is { } f)
                {
                    args.AddRange(["--filter", f]);
                }

                var run = await ExternalProcess.RunAsync("dotnet", args, TimeSpan.FromMinutes(35), echo: true, workingDirectory: root, cancellationToken: token);
                var (passed, failed, skipped) = Count(results);
                Console.WriteLine($"tests: {passed} passed, {failed} failed, {skipped} skipped");
                return run.ExitCode == 0 && failed == 0 && passed > 0 ? 0 : 1;
            },
            ct));
        return command;
    }

    private static (int Passed, int Failed, int Skipped) Count(string resultsDirectory)
    {
        int passed = 0, failed = 0, skipped = 0;
        if (!Directory.Exists(resultsDirectory))
        {
            return (0, 0, 0);
        }

        foreach (var trx in Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(trx).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null)
            {
                continue;
            }

            int Read(string name) => int.TryParse(counters.Attribute(name)?.Value, out var v) ? v : 0;
            passed += Read("passed");
            failed += Read("failed") + Read("error") + Read("timeout") + Read("aborted");
            skipped += Read("notExecuted");
        }

        return (passed, failed, skipped);
    }
}
