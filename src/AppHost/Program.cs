using PoseCluster.AppHost;

return await PoseClusterCommands.Create().Parse(args).InvokeAsync();
