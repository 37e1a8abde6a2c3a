// A Quasar checkbox or radio group (`inner`) that shows a tap at once, before any answer from the server
// (DESIGN.md §3), so on a slow connection the person never taps again to see it. The server is told and
// follows (it does not echo the value back). What the server sets wins: a new value, or `revision` raised by
// app/components/choices.py's put_back() when it refused the tap (then the same value as before comes back).
export default {
  template: `
    <component :is="inner" v-bind="$attrs" :model-value="shown" @update:model-value="tap"><slot /></component>`,
  inheritAttrs: false,
  props: { inner: String, modelValue: null, revision: Number },
  emits: ["update:modelValue"],
  data() {
    return { shown: this.modelValue };
  },
  watch: {
    modelValue(value) {
      this.shown = value;
    },
    revision() {
      this.shown = this.modelValue;
    },
  },
  methods: {
    tap(value) {
      this.shown = value;
      this.$emit("update:modelValue", value);
    },
  },
};
