// Quasar's imports from 'vue', taken from the Vue that NiceGUI's page has already loaded (as Quasar's UMD build does).
// A Quasar version that imports a name missing here fails the build with "No matching export".
const Vue = window.Vue
export const {
  KeepAlive, Teleport, Transition, TransitionGroup, computed, createApp, defineComponent, getCurrentInstance, h,
  inject, isReactive, isRef, markRaw, nextTick, onActivated, onBeforeMount, onBeforeUnmount, onBeforeUpdate,
  onDeactivated, onMounted, onUnmounted, onUpdated, provide, reactive, ref, shallowReactive, toRaw, unref,
  useSSRContext, vShow, watch, withDirectives
} = Vue
