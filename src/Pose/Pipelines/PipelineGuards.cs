using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Pipelines;

/// <summary>Checks and final touches shared by all pipelines.</summary>
internal static class PipelineGuards
{
    /// <summary>Rejects images too small to hold a person.</summary>
    public static void CheckImage(RgbImage image, int minimumSize)
    {
        if (image.Width < minimumSize || image.Height < minimumSize)
        {
            throw new ImageTooSmallException(image.Width, image.Height, minimumSize);
        }
    }

    /// <summary>Sorts persons by score (descending, stable) and keeps at most <paramref name="maxPersons"/>.</summary>
    public static void KeepBest(PoseFrame frame, int maxPersons)
    {
        var persons = frame.Persons;
        for (var i = 1; i < persons.Length; i++)
        {
            var p = persons[i];
            var j = i - 1;
            while (j >= 0 && persons[j].Score < p.Score)
            {
                persons[j + 1] = persons[j];
                j--;
            }

            persons[j + 1] = p;
        }

        frame.Truncate(maxPersons);
    }
}
