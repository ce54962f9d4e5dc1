"""The FeedLens Streamlit app (`streamlit run ui/app.py`). Importing ui/ never loads torch or a model."""
