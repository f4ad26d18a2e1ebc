namespace PoseCluster.Pose.Site;

/// <summary>A person's body posture.</summary>
public enum Posture : byte
{
    /// <summary>Not enough keypoints to tell.</summary>
    Unknown = 0,

    /// <summary>Upright on the feet (standing or walking).</summary>
    Standing = 1,

    /// <summary>Upright torso, thighs roughly horizontal.</summary>
    Sitting = 2,

    /// <summary>Torso roughly horizontal.</summary>
    Lying = 3,
}
