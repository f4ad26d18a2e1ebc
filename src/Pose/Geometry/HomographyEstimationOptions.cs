namespace PoseCluster.Pose.Geometry;

/// <summary>Options of <see cref="HomographyEstimator"/>.</summary>
public sealed class HomographyEstimationOptions
{
    /// <summary>
    /// After the normalised DLT, refine by Levenberg-Marquardt on the squared transfer error in the destination plane
    /// (the DLT minimises an algebraic error; with noisy points the refinement is the maximum-likelihood fit). Default true.
    /// </summary>
    public bool Refine { get; set; } = true;

    /// <summary>
    /// Refine the error measured in the source plane (true, the default) or in the destination plane. For a camera
    /// (image to floor) the clicked image points carry the noise, in pixels, while the floor points are measured; and a
    /// floor error grows with distance on a grazing view, which would let far points dominate a destination-plane fit.
    /// </summary>
    public bool MinimiseSourceError { get; set; } = true;

    /// <summary>Refinement iterations at most. Default 50.</summary>
    public int MaxIterations { get; set; } = 50;

    /// <summary>
    /// Points count as collinear when they stray from a line by less than this fraction of their extent (scale-free;
    /// checked for all the points of each plane and, with exactly four pairs, for every three of them). Default 1e-4.
    /// </summary>
    public double CollinearityTolerance { get; set; } = 1e-4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxIterations < 0)
        {
            throw new ArgumentException($"{nameof(MaxIterations)} must not be negative (got {MaxIterations}).");
        }

        if (!(CollinearityTolerance > 0 && CollinearityTolerance < 1))
        {
            throw new ArgumentException($"{nameof(CollinearityTolerance)} must be in (0, 1) (got {CollinearityTolerance}).");
        }
    }
}
