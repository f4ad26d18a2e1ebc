using System.CommandLine;
using System.Globalization;
using PoseCluster.Pose.Models;

namespace PoseCluster.AppHost.Commands;

/// <summary><c>posecluster models</c>: list, install and verify catalog models.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List, install and verify the catalog's models.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Install());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(QuantizeCommand.Create());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List catalog models with family, input, size, license and installed state.");
        command.SetAction((_, ct) => CommandRunner.RunAsync(
            _ =>
            {
                var catalog = ModelCatalog.Load();
                Console.WriteLine($"{"id",-28} {"family",-20} {"input",-22} {"GFLOPs",7} {"MB",6}  {"installed",-9} license");
                foreach (var e in catalog.Entries)
                {
                    var installed = File.Exists(catalog.PathOf(e)) ? "yes" : "no";
                    var input = $"{e.Input.Layout.ToString().ToUpperInvariant()} {e.Input.Width}x{e.Input.Height} {e.Input.ElementType}";
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{e.Id,-28} {e.Family,-20} {input,-22} {e.GFlops,7:F2} {e.Size / 1e6,6:F1}  {installed,-9} {e.License}"));
                }

                return Task.FromResult(0);
            },
            ct));
        return command;
    }

    private static Command Install()
    {
        var from = CommonOptions.ModelsFrom();
        var ids = new Argument<string[]>("ids") { Description = "Model ids (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("install", "Install models from a folder laid out as the catalog's file paths, verifying sha256.") { from, ids };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            _ =>
            {
                var catalog = ModelCatalog.Load();
                var source = ModelInstaller.DefaultSource(parse.GetValue(from))
                    ?? throw new ArgumentException("No model folder: pass --models-from DIR (the catalog's 'source' fields say where each model comes from).");
                var failed = 0;
                foreach (var r in ModelInstaller.Install(catalog, source, parse.GetValue(ids) ?? []))
                {
                    Console.WriteLine($"{r.Id}: {r.Outcome} ({r.Detail})");
                    failed += r.Outcome is ModelInstallOutcome.ChecksumMismatch or ModelInstallOutcome.MissingInSource ? 1 : 0;
                }

                return Task.FromResult(failed == 0 ? 0 : CommandRunner.UserError);
            },
            ct));
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Check every installed model file against the catalog's size and sha256.");
        command.SetAction((_, ct) => CommandRunner.RunAsync(
            _ =>
            {
                var catalog = ModelCatalog.Load();
                var bad = 0;
                foreach (var e in catalog.Entries)
                {
                    try
                    {
                        ModelFileVerifier.Verify(e, catalog.PathOf(e));
                        Console.WriteLine($"{e.Id}: ok");
                    }
                    catch (ModelCatalogException ex)
                    {
                        Console.WriteLine($"{e.Id}: {ex.Message}");
                        bad++;
                    }
                }

                return Task.FromResult(bad == 0 ? 0 : CommandRunner.UserError);
            },
            ct));
        return command;
    }
}
