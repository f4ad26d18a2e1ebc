using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>Postures of synthetic bodies seen by a camera from several directions.</summary>
public sealed class PostureClassifierTests
{
    [Theory]
    [InlineData(SyntheticPosture.Standing, Posture.Standing)]
    [InlineData(SyntheticPosture.Sitting, Posture.Sitting)]
    [InlineData(SyntheticPosture.Lying, Posture.Lying)]
    public void Classifies_each_posture_from_every_heading(SyntheticPosture posture, Posture expected)
    {
        var classifier = new PostureClassifier();
        foreach (var degrees in new[] { 0, 45, 90, 135, 180, 270 })
        {
            foreach (var place in new[] { new PlanePoint(-3.5, 5), new PlanePoint(-1, 8) })
            {
                var pose = Render(posture, degrees, place);
                Assert.True(expected == classifier.Classify(pose), $"{posture} heading {degrees} at {place}: {classifier.Classify(pose)}");
            }
        }
    }

    [Fact]
    public void Smoothing_ignores_a_single_odd_frame_and_follows_a_lasting_change()
    {
        var classifier = new PostureClassifier();
        var standing = Render(SyntheticPosture.Standing, 0, new PlanePoint(-3.5, 6));
        var lying = Render(SyntheticPosture.Lying, 0, new PlanePoint(-3.5, 6));
        for (var f = 1; f <= 10; f++)
        {
            Assert.Equal(Posture.Standing, classifier.Update(7, standing, f));
        }

        Assert.Equal(Posture.Standing, classifier.Update(7, lying, 11)); // one odd frame
        Assert.Equal(Posture.Standing, classifier.Update(7, standing, 12));
        var f2 = 13;
        var switched = false;
        for (; f2 < 20 && !switched; f2++)
        {
            switched = classifier.Update(7, lying, f2) == Posture.Lying;
        }

        Assert.True(switched && f2 - 13 <= 4, "switches to lying within a few frames");

        // Unknown frames (no keypoints, no box) leave the posture as it is.
        Assert.Equal(Posture.Lying, classifier.Update(7, default, f2));
        Assert.Equal(Posture.Unknown, classifier.Classify(default));
    }

    internal static PersonPose Render(SyntheticPosture posture, double headingDegrees, PlanePoint place)
    {
        var person = new SyntheticPerson
        {
            Id = 1, Waypoints = [place], Heading = headingDegrees * Math.PI / 180, Postures = [new PostureKeyframe(0, posture, 0)],
        };
        var generator = new SyntheticSceneGenerator([person], SiteScenes.Left, SiteScenes.Width, SiteScenes.Height, SiteScenes.Clean, 3);
        var frame = generator.Generate(5);
        Assert.Equal(1, frame.Detections.Count);
        return frame.Detections.Persons[0];
    }
}
