namespace PoseCluster.Grains.Site;

/// <summary>One camera of a site as its site grain sees it.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Calibrated">Whether it has a calibration (only calibrated cameras place people on the floor plan).</param>
/// <param name="Persons">Persons in its latest accepted frame.</param>
public readonly record struct SiteLiveCamera(Guid CameraId, bool Calibrated, int Persons);
