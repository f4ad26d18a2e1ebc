using System.CommandLine;
using PoseCluster.AppHost.Commands;
using PoseCluster.Gateway;
using PoseCluster.Silo;

namespace PoseCluster.AppHost;

/// <summary>The <c>posecluster</c> command tree.</summary>
internal static class PoseClusterCommands
{
    /// <summary>The names of the verbs that handle SIGINT/SIGTERM themselves (they stop a cluster of processes in order).</summary>
    private static readonly HashSet<string> SelfStoppingCommands = ["up", "cluster"];

    public static RootCommand Create()
    {
        var root = new RootCommand("PoseCluster: live multi-camera human pose on a cluster of GPU and CPU nodes.");
        root.Subcommands.Add(SetupCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(EvalTrackingCommand.Create());
        root.Subcommands.Add(SynthTrackingCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(CamerasCommand.Create());
        root.Subcommands.Add(SiloCommandLine.CreateCommand("silo", SiloHost.RunAsync));
        root.Subcommands.Add(UpCommand.Create());
        root.Subcommands.Add(GatewayCommandLine.CreateCommand("gateway", GatewayHost.RunAsync));
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    /// <summary>
    /// How <paramref name="parse"/> is invoked. System.CommandLine gives an action two seconds after Ctrl+C before it
    /// abandons it; the launcher verbs need longer (the silos drain, then every process is stopped), so they take the
    /// signals themselves.
    /// </summary>
    public static InvocationConfiguration InvocationFor(ParseResult parse) =>
        SelfStoppingCommands.Contains(parse.CommandResult.Command.Name)
            ? new InvocationConfiguration { ProcessTerminationTimeout = null }
            : new InvocationConfiguration();
}
