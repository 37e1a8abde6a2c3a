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
      let answer = { ok: false, code: "upload_failed" };
      try {
        // The photo itself is the body: the server checks who may upload before it reads a byte of it.
        const response = await fetch(this.uploadUrl, {
          method: "POST", body: file, credentials: "same-origin",
          headers: { "Content-Type": file.type || "application/octet-stream" },
        });
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
