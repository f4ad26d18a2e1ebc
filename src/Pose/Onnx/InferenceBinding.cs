using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Onnx;

/// <summary>
/// A reusable run context for one thread: native input buffers the caller fills in place (no copy), and the outputs
/// of the last <see cref="Run"/>. In steady state a run allocates no managed memory; input tensors are rebuilt only
/// when a shape changes (e.g. a different crop batch size).
/// </summary>
public sealed unsafe class InferenceBinding : IDisposable
{
    private const int MaxRank = 8;

    private readonly InferenceSession _session;
    private readonly InputSlot[] _inputs;
    private readonly nint[] _inputValues;
    private readonly nint[] _outputValues;
    private readonly long[] _outputShapes;
    private readonly int[] _outputRanks;
    private readonly void*[] _outputData;
    private bool _disposed;

    internal InferenceBinding(InferenceSession session)
    {
        _session = session;
        _inputs = new InputSlot[session.Inputs.Count];
        for (var i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = new InputSlot(session.Api, session.Inputs[i].ElementType);
        }

        _inputValues = new nint[_inputs.Length];
        _outputValues = new nint[session.Outputs.Count];
        _outputShapes = new long[session.Outputs.Count * MaxRank];
        _outputRanks = new int[session.Outputs.Count];
        _outputData = new void*[session.Outputs.Count];
    }

    /// <summary>The session this binding runs.</summary>
    public InferenceSession Session => _session;

    /// <summary>
    /// Returns the writable buffer of input <paramref name="index"/> for a tensor of <paramref name="shape"/>;
    /// the element type must match the model's declaration.
    /// </summary>
    public Span<T> Input<T>(int index, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var slot = _inputs[index];
        if (sizeof(T) != slot.ElementType.SizeInBytes())
        {
            throw new ArgumentException(
                $"Input '{_session.Inputs[index].Name}' of '{_session.ModelName}' holds {slot.ElementType}, not {typeof(T).Name}.");
        }

        var count = slot.SetShape(shape, _session.Inputs[index]);
        return new Span<T>(slot.Data, count);
    }

    /// <summary>Runs the model on the current inputs; outputs stay valid until the next run or disposal.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _inputs.Length; i++)
        {
            _inputValues[i] = _inputs[i].Value(_session.Runtime.CpuMemoryInfo, _session.Inputs[i].Name);
        }

        ReleaseOutputs();
        fixed (nint* inputs = _inputValues)
        fixed (nint* outputs = _outputValues)
        {
            _session.Run(inputs, outputs);
        }

        var api = _session.Api;
        for (var o = 0; o < _outputValues.Length; o++)
        {
            api.Check(api.GetTensorTypeAndShape(_outputValues[o], out var info));
            try
            {
                api.Check(api.GetDimensionsCount(info, out var rank));
                if ((int)rank > MaxRank)
                {
                    throw new OnnxRuntimeException($"Output '{_session.Outputs[o].Name}' has rank {rank}; at most {MaxRank} is supported.");
                }

                _outputRanks[o] = (int)rank;
                fixed (long* dims = &_outputShapes[o * MaxRank])
                {
                    api.Check(api.GetDimensions(info, dims, rank));
                }
            }
            finally
            {
                api.ReleaseTensorTypeAndShapeInfo(info);
            }

            api.Check(api.GetTensorMutableData(_outputValues[o], out var data));
            _outputData[o] = data;
        }
    }

    /// <summary>Shape of output <paramref name="index"/> after the last run.</summary>
    public ReadOnlySpan<long> OutputShape(int index) => new(_outputShapes, index * MaxRank, _outputRanks[index]);

    /// <summary>Data of output <paramref name="index"/> after the last run.</summary>
    public ReadOnlySpan<T> Output<T>(int index)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_outputData[index] == null)
        {
            throw new InvalidOperationException("Run the binding before reading its outputs.");
        }

        var declared = _session.Outputs[index].ElementType;
        if (sizeof(T) != declared.SizeInBytes())
        {
            throw new ArgumentException($"Output '{_session.Outputs[index].Name}' holds {declared}, not {typeof(T).Name}.");
        }

        long count = 1;
        foreach (var d in OutputShape(index))
        {
            count *= d;
        }

        return new ReadOnlySpan<T>(_outputData[index], checked((int)count));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseOutputs();
        foreach (var slot in _inputs)
        {
            slot.Dispose();
        }
    }

    private void ReleaseOutputs()
    {
        for (var o = 0; o < _outputValues.Length; o++)
        {
            _session.Api.ReleaseValue(_outputValues[o]);
            _outputValues[o] = 0;
            _outputData[o] = null;
        }
    }

    /// <summary>One input: a 64-byte aligned native buffer that grows as needed, and the tensor value over it.</summary>
    private sealed class InputSlot(OrtApi api, TensorElementType elementType)
    {
        private readonly long[] _shape = new long[MaxRank];
        private int _rank = -1;
        private nuint _capacityBytes;
        private nuint _usedBytes;
        private nint _value;

        public TensorElementType ElementType { get; } = elementType;

        public void* Data { get; private set; }

        public int SetShape(ReadOnlySpan<long> shape, TensorInfo declared)
        {
            if (shape.Length != declared.Shape.Count)
            {
                throw new ArgumentException($"Input '{declared.Name}' has rank {declared.Shape.Count}; got a shape of rank {shape.Length}.");
            }

            long count = 1;
            for (var i = 0; i < shape.Length; i++)
            {
                var want = declared.Shape[i];
                if (shape[i] <= 0 || (want > 0 && shape[i] != want))
                {
                    throw new ArgumentException($"Input '{declared.Name}' expects {declared.ShapeText}; dimension {i} was {shape[i]}.");
                }

                count *= shape[i];
            }

            if (_rank == shape.Length && shape.SequenceEqual(_shape.AsSpan(0, _rank)))
            {
                return (int)count;
            }

            var bytes = (nuint)(count * ElementType.SizeInBytes());
            if (bytes > _capacityBytes)
            {
                // The tensor value points at the old buffer: drop it before the buffer moves.
                DropValue();
                if (Data != null)
                {
                    NativeMemory.AlignedFree(Data);
                }

                Data = NativeMemory.AlignedAlloc(bytes, 64);
                _capacityBytes = bytes;
            }

            DropValue();
            shape.CopyTo(_shape);
            _rank = shape.Length;
            _usedBytes = bytes;
            return checked((int)count);
        }

        public nint Value(nint memoryInfo, string name)
        {
            if (_rank < 0)
            {
                throw new InvalidOperationException($"Input '{name}' was not set before the run.");
            }

            if (_value == 0)
            {
                fixed (long* shape = _shape)
                {
                    api.Check(
                        api.CreateTensorWithDataAsOrtValue(memoryInfo, Data, _usedBytes, shape, (nuint)_rank, (int)ElementType, out _value),
                        $"creating input tensor '{name}'");
                }
            }

            return _value;
        }

        public void Dispose()
        {
            DropValue();
            if (Data != null)
            {
                NativeMemory.AlignedFree(Data);
                Data = null;
            }
        }

        private void DropValue()
        {
            if (_value != 0)
            {
                api.ReleaseValue(_value);
                _value = 0;
            }
        }
    }
}
