namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>People on a site's floor plan per posture, from the site grain's latest snapshot.</summary>
/// <param name="Standing">People standing.</param>
/// <param name="Sitting">People sitting.</param>
/// <param name="Lying">People lying.</param>
/// <param name="Unknown">People whose posture is not known (or not one of the others).</param>
public sealed record PostureCountsView(int Standing, int Sitting, int Lying, int Unknown);
