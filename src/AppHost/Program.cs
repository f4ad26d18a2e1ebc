using PoseCluster.AppHost;

var parse = PoseClusterCommands.Create().Parse(args);
return await parse.InvokeAsync(PoseClusterCommands.InvocationFor(parse));
