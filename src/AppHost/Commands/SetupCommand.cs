using System.CommandLine;
using PoseCluster.AppHost.Setup;

namespace PoseCluster.AppHost.Commands;

/// <summary><c>posecluster setup</c>: installs what the engine needs (idempotent).</summary>
internal static class SetupCommand
{
    public static Command Create()
    {
        var dev = new Option<bool>("--dev") { Description = "Also install what the tests need (headless Chromium, OpenCV/NumPy/ONNX for reference computations)." };
        var modelsFrom = CommonOptions.ModelsFrom();
        var check = new Option<bool>("--check") { Description = "Only report what is missing; install nothing (exit 3 when something is)." };
        var command = new Command("setup", "Install Debian packages, the ONNX Runtime library and the catalog's models (idempotent).")
        {
            dev, modelsFrom, check,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var profile = parse.GetValue(dev) ? SetupProfile.Development : SetupProfile.Runtime;
                if (parse.GetValue(check))
                {
                    var missing = await EnvironmentSetup.MissingPiecesAsync(profile, token);
                    Console.WriteLine(missing.Count == 0 ? "setup: everything is installed" : $"setup: missing {string.Join(", ", missing)}");
                    return missing.Count == 0 ? 0 : 3;
                }

                await EnvironmentSetup.RunAsync(profile, parse.GetValue(modelsFrom), token);
                Console.WriteLine("setup: done");
                return 0;
            },
            ct));
        return command;
    }
}
