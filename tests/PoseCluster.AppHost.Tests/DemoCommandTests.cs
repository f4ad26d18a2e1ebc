using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Tests;

/// <summary>
/// The automation contract of <c>posecluster demo --port N</c>: it serves the dashboard and the API on 127.0.0.1:N, prints
/// the URL, accepts the key in POSECLUSTER_API_KEY as an admin key, lists its demo cameras streaming with id, name,
/// state, fps_in, fps_out, persons and node, and stops cleanly on SIGTERM.
/// </summary>
public sealed class DemoCommandTests
{
    private const string ApiKey = "demo-test-key-0123456789";

    [Fact]
    public async Task Demo_serves_the_dashboard_and_api_on_the_port_and_its_cameras_stream()
    {
        var port = FreePort();
        var data = CliProcess.TempDirectory();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "posecluster.dll"), "demo", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data, "--simulated-cost-ms", "5", "--fps", "5" })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["POSECLUSTER_HOME"] = PoseClusterHome.RequireRoot();
        psi.Environment["POSECLUSTER_API_KEY"] = ApiKey;
        psi.Environment["POSECLUSTER_SECRET_KEY"] = Convert.ToBase64String(Enumerable.Range(5, 32).Select(i => (byte)i).ToArray());
        psi.Environment["POSECLUSTER_LOG"] = "warning";
        using var process = Process.Start(psi)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue("stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = $"http://127.0.0.1:{port}/";
            await WaitAsync(() => Task.FromResult(output.Any(l => l.Contains("dashboard: " + url, StringComparison.Ordinal))), TimeSpan.FromSeconds(90), () => "the dashboard URL printed:\n" + string.Join('\n', output));
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/cameras")).StatusCode);
            http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            JsonElement cameras = default;
            await WaitAsync(
                async () =>
                {
                    cameras = JsonDocument.Parse(await http.GetStringAsync("/api/cameras")).RootElement.Clone();
                    return cameras.GetArrayLength() == 3 && cameras.EnumerateArray().All(c => c.GetProperty("state").GetString() == "streaming" && c.GetProperty("fps_in").GetDouble() > 0);
                },
                TimeSpan.FromSeconds(60),
                () => "three demo cameras streaming: " + cameras);
            foreach (var camera in cameras.EnumerateArray())
            {
                foreach (var field in new[] { "id", "name", "state", "fps_in", "fps_out", "persons", "node" })
                {
                    Assert.True(camera.TryGetProperty(field, out _), $"the camera has '{field}'");
                }

                Assert.Equal("demo", camera.GetProperty("node").GetString());
            }

            var page = await new HttpClient().GetAsync(url + "login");
            Assert.Contains("PoseCluster", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "admin-password")), "the generated admin password is kept in the demo folder");
            Assert.DoesNotContain(output, l => l.Contains(File.ReadAllText(Path.Combine(data, "admin-password")).Trim(), StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term!.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the demo did not stop within 30 s of SIGTERM");
            }
        }

        Assert.Equal(0, process.ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail("Timed out waiting for " + what());
            }

            await Task.Delay(100);
        }
    }
}
