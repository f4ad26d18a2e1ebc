using PoseCluster.Gateway;

// The PoseCluster gateway. The composition lives in GatewayHost.Build:
//   builder.AddServiceDefaults(); builder.AddGatewayServices(options); app.MapDefaultEndpoints(); app.MapGatewayApi();
return await GatewayCommandLine.CreateRoot(GatewayHost.RunAsync).Parse(args).InvokeAsync();
