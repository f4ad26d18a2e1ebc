# PoseCluster's camera simulator: one GStreamer RTSP server process publishing many live cameras.
#
# Each mount point replays a pre-encoded H.264 clip (Annex B, one access unit per frame, each starting with an access
# unit delimiter) in a loop, paced in real time: no decoding or encoding happens here, so 24 cameras at 10 fps cost
# about 7.5 % of one core. Every mount is shared: all clients of one camera see the same live stream.
#
#   /usr/bin/python3 rtsp_cameras.py --port 8554 --fps 10 cam01=/path/clip.h264 cam02=/path/other.h264 ...
#
# Prints "ready rtsp://127.0.0.1:PORT" once it listens. It exits when its standard input closes (the launcher that
# started it is gone), so it can never outlive the launcher.
import argparse
import os
import sys
import time

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

TICK_MS = 10


def access_units(path):
    """Splits an Annex B H.264 stream into access units (each begins with an access unit delimiter, NAL type 9)."""
    data = open(path, 'rb').read()
    starts = []
    i = data.find(b'\x00\x00\x01')
    while i >= 0:
        begin = i - 1 if i > 0 and data[i - 1] == 0 else i
        if data[i + 3] & 0x1F == 9:
            starts.append(begin)
        i = data.find(b'\x00\x00\x01', i + 3)
    if not starts:
        sys.exit(f'{path}: no access unit delimiters (encode with -x264-params aud=1)')
    return [data[a:b] for a, b in zip(starts, starts[1:] + [len(data)])]


class Camera:
    """A mount point's clip and, while a client watches, its running media."""

    def __init__(self, name, units, fps):
        self.name = name
        self.units = units
        self.interval = 1.0 / fps
        self.source = None
        self.index = 0
        self.next_due = 0.0

    def configure(self, media):
        self.source = media.get_element().get_child_by_name('src')
        self.index = 0
        self.next_due = time.monotonic()
        media.connect('unprepared', self.unprepared)

    def unprepared(self, media):
        self.source = None

    def pump(self, now):
        source = self.source
        while source is not None and self.next_due <= now:
            unit = self.units[self.index % len(self.units)]
            buffer = Gst.Buffer.new_wrapped(unit)
            buffer.duration = int(self.interval * Gst.SECOND)
            source.emit('push-buffer', buffer)
            self.index += 1
            self.next_due += self.interval
            if now - self.next_due > 1.0:
                # Far behind (the machine stalled): skip ahead like a live camera instead of bursting.
                self.next_due = now


def main():
    parser = argparse.ArgumentParser(description='Publish looped H.264 clips as live RTSP cameras.')
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--address', default='127.0.0.1')
    parser.add_argument('--fps', type=float, default=10.0)
    parser.add_argument('mounts', nargs='+', help='NAME=CLIP.h264')
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    fraction = Gst.util_double_to_fraction(args.fps)
    caps = f'video/x-h264,stream-format=byte-stream,alignment=au,framerate={fraction[0]}/{fraction[1]}'
    clips = {}
    cameras = []
    for mount in args.mounts:
        name, _, path = mount.partition('=')
        if path not in clips:
            clips[path] = access_units(path)
        camera = Camera(name, clips[path], args.fps)
        cameras.append(camera)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(
            f'( appsrc name=src is-live=true do-timestamp=true format=time max-buffers=30 leaky-type=downstream '
            f'caps="{caps}" ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )')
        factory.set_shared(True)
        factory.connect('media-configure', lambda _f, media, c=camera: c.configure(media))
        server.get_mount_points().add_factory('/' + name, factory)

    if server.attach(None) == 0:
        sys.exit(f'could not listen on {args.address}:{args.port}')

    loop = GLib.MainLoop()

    def tick():
        now = time.monotonic()
        for camera in cameras:
            camera.pump(now)
        return True

    def parent_gone(*_):
        loop.quit()
        return False

    GLib.timeout_add(TICK_MS, tick)
    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IOCondition.HUP | GLib.IOCondition.IN | GLib.IOCondition.ERR,
                      lambda fd, cond: parent_gone() if cond & (GLib.IOCondition.HUP | GLib.IOCondition.ERR) or not os.read(fd, 4096) else True)
    print(f'ready rtsp://{args.address}:{args.port} {len(cameras)} cameras', flush=True)
    loop.run()


if __name__ == '__main__':
    main()
