namespace PoseCluster.Pose;

/// <summary>
/// The result of a pipeline for one frame: every pipeline (top-down or bottom-up) fills the same type. Reusable: a
/// caller keeps one per stream and the pipeline overwrites it, so steady-state processing allocates nothing.
/// </summary>
public sealed class PoseFrame
{
    private PersonPose[] _persons;

    /// <summary>Creates an empty frame with room for <paramref name="capacity"/> persons (it grows when needed).</summary>
    public PoseFrame(int capacity = 16)
    {
        _persons = new PersonPose[Math.Max(1, capacity)];
    }

    /// <summary>Frame number within its source.</summary>
    public long FrameId { get; set; }

    /// <summary>Presentation time of the frame within its source.</summary>
    public TimeSpan Timestamp { get; set; }

    /// <summary>Width of the image the coordinates refer to.</summary>
    public int ImageWidth { get; set; }

    /// <summary>Height of the image the coordinates refer to.</summary>
    public int ImageHeight { get; set; }

    /// <summary>Number of persons.</summary>
    public int Count { get; private set; }

    /// <summary>The persons (mutable in place, e.g. by NMS or the tracker).</summary>
    public Span<PersonPose> Persons => _persons.AsSpan(0, Count);

    /// <summary>Removes all persons and resets the frame metadata.</summary>
    public void Clear()
    {
        Count = 0;
        FrameId = 0;
        Timestamp = default;
        ImageWidth = 0;
        ImageHeight = 0;
    }

    /// <summary>Appends a person and returns a reference to it for filling in.</summary>
    public ref PersonPose Add()
    {
        if (Count == _persons.Length)
        {
            Array.Resize(ref _persons, _persons.Length * 2);
        }

        ref var p = ref _persons[Count++];
        p = default;
        return ref p;
    }

    /// <summary>Keeps only the first <paramref name="count"/> persons.</summary>
    public void Truncate(int count) => Count = Math.Clamp(count, 0, Count);

    /// <summary>Copies metadata and persons from <paramref name="other"/>.</summary>
    public void CopyFrom(PoseFrame other)
    {
        FrameId = other.FrameId;
        Timestamp = other.Timestamp;
        ImageWidth = other.ImageWidth;
        ImageHeight = other.ImageHeight;
        if (_persons.Length < other.Count)
        {
            _persons = new PersonPose[other.Count];
        }

        other.Persons.CopyTo(_persons);
        Count = other.Count;
    }

    /// <summary>A deep copy.</summary>
    public PoseFrame Clone()
    {
        var copy = new PoseFrame(Count);
        copy.CopyFrom(this);
        return copy;
    }
}
