using System.Text;
using System.Text.Json;
using PoseCluster.Pose.Serialization;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose.Tests.Tracking;

/// <summary>The pose JSON carries track state and age for tracked persons only, and reads them back.</summary>
public sealed class TrackedPoseJsonTests
{
    [Fact]
    public void Track_state_and_age_round_trip()
    {
        var frame = new PoseFrame { FrameId = 3, ImageWidth = 10, ImageHeight = 10 };
        ref var tracked = ref frame.Add();
        (tracked.TrackId, tracked.TrackState, tracked.TrackAge) = (4, TrackState.Recovered, 17);
        frame.Add();

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            PoseFrameJson.Write(writer, frame);
        }

        var json = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.Contains("\"track\":4,\"state\":\"recovered\",\"age\":17", json);
        Assert.Equal(1, json.Split("\"state\"").Length - 1);

        using var doc = JsonDocument.Parse(json);
        var back = new PoseFrame();
        PoseFrameJson.Read(doc.RootElement, back);
        Assert.Equal((4, TrackState.Recovered, 17), (back.Persons[0].TrackId, back.Persons[0].TrackState, back.Persons[0].TrackAge));
        Assert.Equal((0, TrackState.None, 0), (back.Persons[1].TrackId, back.Persons[1].TrackState, back.Persons[1].TrackAge));
    }
}
