using PoseCluster.Silo;

// A PoseCluster node. The composition lives in SiloHost.Build:
//   builder.AddServiceDefaults(); builder.AddSiloServices(options); app.MapDefaultEndpoints(); app.MapSiloApi();
return await SiloCommandLine.CreateRoot(SiloHost.RunAsync).Parse(args).InvokeAsync();
