using System.Globalization;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Grains;
using PoseCluster.Grains.Camera;

namespace PoseCluster.AppHost.Local;

/// <summary>The summary <c>posecluster up</c> prints once the cluster runs: where everything is and which silo runs which camera.</summary>
internal static class ClusterSummary
{
    /// <summary>Writes the summary of <paramref name="cluster"/>, with the camera states in <paramref name="statuses"/>.</summary>
    public static async Task WriteAsync(LocalCluster cluster, IReadOnlyList<CameraStatus> statuses, TextWriter output, CancellationToken cancellationToken)
    {
        var registry = cluster.Registry;
        var silos = (await registry.ListSilosAsync(false, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id);
        var leader = await registry.GetLeaderAsync(cancellationToken).ConfigureAwait(false);
        var assignments = (await registry.ListAssignmentsAsync(null, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Grain);
        var running = statuses.GroupBy(s => s.CameraId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Epoch).First());
        var options = cluster.Options;

        output.WriteLine();
        output.WriteLine($"PoseCluster local cluster '{options.RunName}': {cluster.Silos.Count} silo(s), {cluster.Cameras.Count} camera(s)"
            + (options.SimulatedCostMs > 0 ? string.Create(CultureInfo.InvariantCulture, $", simulated inference {options.SimulatedCostMs} ms/frame") : ", real models"));
        output.WriteLine($"  store   {cluster.Store}");
        output.WriteLine($"          (POSECLUSTER_STORE='{cluster.Store}' ./posecluster cameras list)");
        output.WriteLine($"  logs    {options.Logs}");
        if (cluster.Simulator is { } simulator)
        {
            output.WriteLine($"  cameras GStreamer RTSP server, {simulator.Mounts.Count} live streams at {simulator.Fps} fps: rtsp://127.0.0.1:{simulator.Port}/<camera>");
        }
        else if (cluster.Cameras.Count > 0)
        {
            output.WriteLine("  cameras replay:// sources (each silo decodes each video once and replays it in memory)");
        }

        foreach (var extra in cluster.ExtraProcesses)
        {
            output.WriteLine($"  {extra.Name,-7} pid {extra.ProcessId}{(extra.Spec.HealthUrl is { } h ? ", health " + h : "")}");
        }

        output.WriteLine();
        var siloRows = new List<string[]> { new[] { "SILO", "CLASS", "PID", "ADDRESS", "LEADER", "CAMERAS", "POSE STREAM (WebSocket)" } };
        foreach (var silo in cluster.Silos.Where(s => !s.Process.HasExited))
        {
            var member = silos.Values.FirstOrDefault(s => s.Name == silo.Name && s.IsMember);
            var cameras = member is null ? 0 : assignments.Values.Count(a => a.Grain.Type == GrainTypes.Camera && a.SiloId == member.Id);
            siloRows.Add(
            [
                silo.Name, WireNames.Of(silo.Class), silo.Process.ProcessId.ToString(CultureInfo.InvariantCulture), silo.Address ?? "-",
                leader is { IsHeld: true } && member is not null && leader.SiloId == member.Id ? "yes" : "", cameras.ToString(CultureInfo.InvariantCulture),
                silo.StreamUrl ?? "-",
            ]);
        }

        WriteTable(output, siloRows);
        if (cluster.Cameras.Count == 0)
        {
            return;
        }

        output.WriteLine();
        var cameraRows = new List<string[]> { new[] { "CAMERA", "SOURCE", "FPS", "SILO", "EPOCH", "STATE", "FPS OUT" } };
        foreach (var camera in cluster.Cameras)
        {
            var assignment = assignments.GetValueOrDefault(GrainId.ForCamera(camera.Id));
            var siloName = assignment?.SiloId is { } id && silos.TryGetValue(id, out var s) ? s.Name : assignment?.UnplacedReason is { } reason ? "unplaced: " + reason : "pending";
            var status = running.GetValueOrDefault(camera.Id);
            cameraRows.Add(
            [
                camera.Name, camera.SourceUrl, camera.TargetFps.ToString(CultureInfo.InvariantCulture), siloName,
                assignment is null ? "-" : assignment.Epoch.ToString(CultureInfo.InvariantCulture), status?.State ?? "-",
                status is null ? "-" : status.FpsOut.ToString("0.0", CultureInfo.InvariantCulture),
            ]);
        }

        WriteTable(output, cameraRows);
        var notStreaming = cluster.Cameras.Count(c => running.GetValueOrDefault(c.Id)?.State != "streaming");
        if (notStreaming > 0)
        {
            output.WriteLine($"{notStreaming} camera(s) not streaming yet (see the silo logs).");
        }
    }

    private static void WriteTable(TextWriter output, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
