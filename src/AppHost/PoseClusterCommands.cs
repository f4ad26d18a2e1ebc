using System.CommandLine;
using PoseCluster.AppHost.Commands;
using PoseCluster.Gateway;
using PoseCluster.Silo;

namespace PoseCluster.AppHost;

/// <summary>The <c>posecluster</c> command tree.</summary>
internal static class PoseClusterCommands
{
    public static RootCommand Create()
    {
        var root = new RootCommand("PoseCluster: live multi-camera human pose on a cluster of GPU and CPU nodes.");
        root.Subcommands.Add(SetupCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(CamerasCommand.Create());
        root.Subcommands.Add(SiloCommandLine.CreateCommand("silo", SiloHost.RunAsync));
        root.Subcommands.Add(GatewayCommandLine.CreateCommand("gateway", GatewayHost.RunAsync));
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }
}
