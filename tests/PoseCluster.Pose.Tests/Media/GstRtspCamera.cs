namespace PoseCluster.Pose.Tests.Media;

/// <summary>
/// A pull-style RTSP camera on loopback: GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0,
/// python3-gst-1.0, gstreamer1.0-plugins-good/-bad) replays an H.264 mp4, optionally behind Basic authentication.
/// </summary>
internal sealed class GstRtspCamera : IDisposable
{
    private const string Script = """
        import sys, gi
        gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0')
        from gi.repository import Gst, GstRtspServer, GLib
        Gst.init(None)
        port, media = sys.argv[1], sys.argv[2]
        server = GstRtspServer.RTSPServer(); server.set_address('127.0.0.1'); server.set_service(port)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(f'( filesrc location="{media}" ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )')
        factory.set_shared(True)
        if len(sys.argv) > 4:
            auth = GstRtspServer.RTSPAuth(); token = GstRtspServer.RTSPToken()
            token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, 'user')
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(sys.argv[3], sys.argv[4]), token)
            server.set_auth(auth)
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role('user', 'media.factory.access', True)
            permissions.add_permission_for_role('user', 'media.factory.construct', True)
            factory.set_permissions(permissions)
        server.get_mount_points().add_factory('/live', factory)
        if server.attach(None) == 0:
            sys.exit('could not listen on port ' + port)
        print('ready', flush=True)
        GLib.MainLoop().run()
        """;

    private readonly ExternalProcess _process;
    private readonly string _scriptDirectory;

    private GstRtspCamera(ExternalProcess process, string scriptDirectory, int port)
    {
        _process = process;
        _scriptDirectory = scriptDirectory;
        Port = port;
    }

    public int Port { get; }

    public string Url(string? user = null, string? password = null) =>
        user is null ? $"rtsp://127.0.0.1:{Port}/live" : $"rtsp://{user}:{password}@127.0.0.1:{Port}/live";

    public static async Task<GstRtspCamera> StartAsync(string mp4, string? user = null, string? password = null)
    {
        // Debian's python3 (not a pyenv shim on PATH) has the GObject bindings.
        const string python = "/usr/bin/python3";
        var dir = TestAssets.TempDirectory();
        var script = Path.Combine(dir, "rtsp_camera.py");
        await File.WriteAllTextAsync(script, Script);
        var port = FreePort.Next();
        List<string> args = [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), mp4];
        if (user is not null)
        {
            args.AddRange([user, password!]);
        }

        var process = ExternalProcess.Start(python, args, readyLine: "ready");
        try
        {
            await process.WaitReadyAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException e)
        {
            process.Dispose();
            throw new InvalidOperationException(
                "The GStreamer RTSP test server did not start. It needs the Debian packages gir1.2-gst-rtsp-server-1.0 " +
                "python3-gst-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad (./posecluster setup installs them). " + e.Message,
                e);
        }

        return new GstRtspCamera(process, dir, port);
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_scriptDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
