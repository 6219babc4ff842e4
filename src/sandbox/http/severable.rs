//! A TCP listener whose connections a request handler can cut, for the "dropped connection"
//! fault: the client must see a connection error, not an HTTP answer of any kind.
//!
//! Each accepted stream carries a shared switch. The handler reaches the switch through
//! axum's `ConnectInfo` ([`Severance`]) and throws it; from then on every read and write on
//! the stream fails, so hyper abandons the connection without writing a byte of the
//! response and the socket is closed. Nothing else about serving changes.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Wraps a bound [`TcpListener`].
pub(crate) struct SeverableListener {
    inner: TcpListener,
}

impl SeverableListener {
    pub(crate) fn new(inner: TcpListener) -> SeverableListener {
        SeverableListener { inner }
    }
}

impl Listener for SeverableListener {
    type Io = SeverableStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = Listener::accept(&mut self.inner).await;
        // Small JSON answers should leave at once rather than wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let stream = SeverableStream {
            inner: stream,
            severed: Arc::new(AtomicBool::new(false)),
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A TCP stream that fails every operation once severed.
pub(crate) struct SeverableStream {
    inner: TcpStream,
    severed: Arc<AtomicBool>,
}

impl SeverableStream {
    fn check(&self) -> io::Result<()> {
        if self.severed.load(Ordering::Acquire) {
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "connection dropped by the sandbox's fault injection",
            ))
        } else {
            Ok(())
        }
    }
}

impl AsyncRead for SeverableStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check()?;
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SeverableStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check()?;
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check()?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// The switch of one connection, as a handler sees it (`ConnectInfo<Severance>`).
#[derive(Clone, Debug)]
pub(crate) struct Severance(Arc<AtomicBool>);

impl Severance {
    /// Cuts the connection: the response being prepared is never sent.
    pub(crate) fn sever(&self) {
        self.0.store(true, Ordering::Release);
    }
}

impl Connected<IncomingStream<'_, SeverableListener>> for Severance {
    fn connect_info(stream: IncomingStream<'_, SeverableListener>) -> Self {
        Severance(Arc::clone(&stream.io().severed))
    }
}
