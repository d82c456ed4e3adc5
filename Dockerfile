# syntax=docker/dockerfile:1
# Reconciler: the GitOps service for Hyper-V GPU layouts, as a container.
# Base images are pinned to exact patch tags (the SDK and runtime this repository is built and
# tested with); bump them together with global tooling.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /src
# Restore first, so a code change does not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Reconciler.Core/Reconciler.Core.csproj src/Reconciler.Core/
COPY src/Reconciler.Simulation/Reconciler.Simulation.csproj src/Reconciler.Simulation/
COPY src/Reconciler.Git/Reconciler.Git.csproj src/Reconciler.Git/
COPY src/Reconciler.HyperV/Reconciler.HyperV.csproj src/Reconciler.HyperV/
COPY src/Reconciler/Reconciler.csproj src/Reconciler/
RUN dotnet restore src/Reconciler/Reconciler.csproj
COPY src/ src/
RUN dotnet publish src/Reconciler/Reconciler.csproj --no-restore -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble AS runtime
# No git client: the specs are fetched and read in process (LibGit2Sharp; its native libgit2 needs
# only libssl, which the runtime image has). openssh-client: ssh for ssh:// remotes (libgit2 runs it)
# and ssh-keygen for SSH signatures; gnupg: OpenPGP signatures; curl: the HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-client gnupg ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 reconciler \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/reconciler --no-create-home --shell /usr/sbin/nologin reconciler \
 && mkdir -p /var/lib/reconciler \
 && chown 10001:10001 /var/lib/reconciler
WORKDIR /app
COPY --from=build /app ./

# Everything the service writes goes under /var/lib/reconciler (git cache, journals, simulator
# state), so the root filesystem can be read-only. Diagnostics IPC is off: it would need /tmp.
ENV Reconciler__StateDirectory=/var/lib/reconciler \
    Reconciler__Http__Listen=http://0.0.0.0:8080 \
    HOME=/var/lib/reconciler \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_NOLOGO=1
VOLUME ["/var/lib/reconciler"]
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "/app/reconciler.dll", "run"]
