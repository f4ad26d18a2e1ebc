using PoseCluster.Pose.Video;

namespace PoseCluster.Pose.Tests.Video;

public sealed class SourceRedactorTests
{
    [Theory]
    [InlineData("rtsp://admin:hunter2@10.0.0.5:554/stream1", "rtsp://***:***@10.0.0.5:554/stream1")]
    [InlineData("rtsps://user@cam.local/live", "rtsps://***:***@cam.local/live")]
    [InlineData("http://u:p%40ss@cam/mjpg", "http://***:***@cam/mjpg")]
    [InlineData("rtsp://u:p@ss@host/x", "rtsp://***:***@host/x")]
    [InlineData("http://cam/video.cgi?user=admin&pwd=secret&res=hd", "http://cam/video.cgi?user=admin&pwd=***&res=hd")]
    [InlineData("https://cam/s?token=abc123", "https://cam/s?token=***")]
    [InlineData("rtsp://10.0.0.5/stream1", "rtsp://10.0.0.5/stream1")]
    [InlineData("/videos/a@b.mp4", "/videos/a@b.mp4")]
    [InlineData("", "")]
    public void Redacts_urls(string input, string expected) => Assert.Equal(expected, SourceRedactor.Redact(input));

    [Fact]
    public void Redacts_urls_inside_text_such_as_ffmpeg_messages()
    {
        const string line = "[tcp @ 0x55] Connection to rtsp://admin:hunter2@10.0.0.5:554/s1 failed; also http://a:b@c/d: 401";
        Assert.Equal("[tcp @ 0x55] Connection to rtsp://***:***@10.0.0.5:554/s1 failed; also http://***:***@c/d: 401", SourceRedactor.Redact(line));
    }

    [Fact]
    public void Known_secrets_are_removed_even_outside_urls()
    {
        var secrets = SourceRedactor.SecretsOf("rtsp://admin:p%40ssword@host/x");
        Assert.Contains("p%40ssword", secrets);
        Assert.Contains("p@ssword", secrets);
        Assert.Equal("auth failed for *** with ***", SourceRedactor.Redact("auth failed for admin with p@ssword", secrets));
    }
}
