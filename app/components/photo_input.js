// A native, labelled file input (camera or gallery on phones) that uploads the chosen photo at once.
export default {
  template: `
    <div class="photo-input">
      <input :id="inputId" ref="input" type="file" accept="image/*" class="photo-file"
             :aria-describedby="describedBy" @change="upload" />
      <label :for="inputId" class="photo-label">{{ label }}</label>
    </div>`,
  props: { label: String, inputId: String, uploadUrl: String, describedBy: String },
  methods: {
    async upload(event) {
      const file = event.target.files && event.target.files[0];
      if (!file) return;
      this.$emit("start", { size: file.size });
      const body = new FormData();
      body.append("file", file);
      let answer = { ok: false, code: "upload_failed" };
      try {
        const response = await fetch(this.uploadUrl, { method: "POST", body, credentials: "same-origin" });
        answer = await response.json();
      } catch (error) {
        answer = { ok: false, code: "upload_failed" };
      }
      event.target.value = "";
      this.$emit("done", answer);
    },
    choose() { this.$refs.input.click(); },
  },
};
