# FeedLens app image (the Streamlit UI). Neo4j runs in its own container, see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# torch first, from the CPU index: a plain `pip install torch==2.13.0` on Linux pulls the multi-GB CUDA build.
# requirements.txt pins the same torch==2.13.0, so the next step keeps this one.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN useradd --create-home feedlens && mkdir -p /data/feedlens && chown feedlens /data/feedlens
USER feedlens

EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health')"
CMD ["streamlit", "run", "ui/app.py", "--server.address=0.0.0.0", "--server.port=8501", \
     "--server.headless=true", "--browser.gatherUsageStats=false"]
